using System.Text;
using Ghiseu.Features.Channels.Email;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Text;

namespace Ghiseu.Tests.Email;

/// <summary>Tricky messages, each with what must come of it. Every message comes from a sender of its own.</summary>
public static partial class EmailCorpus
{
    private const string Par = "par@demo.ghiseu.ro";

    public static readonly Dictionary<string, Func<EmailFactory, string, Task>> Samples = new()
    {
        ["utf8-comma-below"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text(s, Par, "Înregistrare căsătorie", "Bună ziua, doresc transcrierea certificatului de căsătorie. Mulțumesc, Ștefan Țurcanu"));
            var o = await f.OutcomeAsync(s);
            Assert.Contains("Ștefan Țurcanu", o.Case!.Description, StringComparison.Ordinal);
            Assert.Equal("ro", o.Citizen!.Language);
        },
        ["iso-8859-2-cedilla"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Cerere", "");
            m.Body = Mail.Charset("Vă rog să-mi spuneţi când pot veni. Mulţumesc, Şerban", "iso-8859-2");
            await f.SendAsync(m);
            Assert.Contains("Mulţumesc, Şerban", (await f.OutcomeAsync(s)).Case!.Description, StringComparison.Ordinal);
        },
        ["windows-1250"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Întrebare", "");
            m.Body = Mail.Charset("Aş dori o programare pentru paşaport în săptămâna viitoare.", "windows-1250");
            await f.SendAsync(m);
            Assert.Contains("paşaport în săptămâna", (await f.OutcomeAsync(s)).Case!.Description, StringComparison.Ordinal);
        },
        ["encoded-word-base64-subject"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "x", "text");
            m.Headers.Replace(HeaderId.Subject, "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Procură pentru vânzare")) + "?=");
            await f.SendAsync(m);
            Assert.Equal("Procură pentru vânzare", (await f.OutcomeAsync(s)).Case!.Subject);
        },
        ["encoded-word-q-latin2-subject"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "x", "text");
            m.Headers.Replace(HeaderId.Subject, "=?ISO-8859-2?Q?Cerere_=BAi_=FEar=E3?=");
            await f.SendAsync(m);
            Assert.Equal("Cerere şi ţară", (await f.OutcomeAsync(s)).Case!.Subject);
        },
        ["encoded-word-mixed-subject"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "x", "text");
            m.Headers.Replace(HeaderId.Subject, "Re: =?windows-1250?Q?Acte_necesare?= =?UTF-8?Q?_=C8=99i_taxe?=");
            await f.SendAsync(m);
            Assert.Equal("Re: Acte necesare și taxe", (await f.OutcomeAsync(s)).Case!.Subject);
        },
        ["quoted-printable-utf8"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "QP", "");
            m.Body = new TextPart(TextFormat.Plain) { Text = "Linie foarte lungă cu diacritice: ăâîșț " + new string('x', 200), ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            await f.SendAsync(m);
            Assert.Contains("ăâîșț " + new string('x', 200), (await f.OutcomeAsync(s)).Case!.Description, StringComparison.Ordinal);
        },
        ["html-only"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "HTML", "");
            m.Body = new TextPart(TextFormat.Html) { Text = "<html><body><p>Bună ziua,</p><p>Am nevoie de <b>ajutor</b>.</p><script>alert(1)</script></body></html>" };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Contains("Am nevoie de ajutor.", o.Case!.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("<", o.Case.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("alert", o.Case.Description, StringComparison.Ordinal);
            var html = Assert.Single(o.Files, a => a.FileName == "message.html");
            Assert.DoesNotContain("<script", await f.FileText(html.Sha256), StringComparison.OrdinalIgnoreCase);
        },
        ["alternative-text-and-html"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Alt", "");
            m.Body = new MultipartAlternative { new TextPart(TextFormat.Plain) { Text = "Varianta text." }, new TextPart(TextFormat.Html) { Text = "<p>Varianta <i>html</i>.</p>" } };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Equal("Varianta text.", o.Case!.Description);
            Assert.Contains(o.Files, a => a.FileName == "message.html");
        },
        ["nested-mixed-alternative-related"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Nested", "");
            var related = new MultipartRelated { new TextPart(TextFormat.Html) { Text = "<p>Vedeți poza <img src=\"cid:poza@x\"></p>" }, Mail.File("poza.png", "image/png", Mail.Png, "poza@x") };
            var alt = new MultipartAlternative { new TextPart(TextFormat.Plain) { Text = "Vedeți poza și actul atașat." }, related };
            m.Body = new Multipart("mixed") { alt, Mail.File("act.pdf", "application/pdf", Mail.Pdf) };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Equal("Vedeți poza și actul atașat.", o.Case!.Description);
            Assert.Contains(o.Files, a => a.FileName == "poza.png" && a.ContentType == "image/png");
            Assert.Contains(o.Files, a => a.FileName == "act.pdf" && a.Size == Mail.Pdf.Length);
            Assert.Contains(o.Files, a => a.FileName == "message.eml" && a.Sha256 == o.Row.Sha256);
        },
        ["inline-image-without-name"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Inline", "");
            var img = Mail.File("x", "image/png", Mail.Png, "semnatura@x");
            img.FileName = null;
            img.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
            m.Body = new MultipartRelated { new TextPart(TextFormat.Html) { Text = "<p>Text <img src=\"cid:semnatura@x\"></p>" }, img };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Contains(o.Files, a => a.FileName == "semnatura.png");
        },
        ["tnef-winmail"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Outlook", "");
            m.Body = new Multipart("mixed") { new TextPart(TextFormat.Plain) { Text = "Atașez cererea." }, Mail.Tnef("cerere.txt", Encoding.ASCII.GetBytes("continutul cererii")) };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            var file = Assert.Single(o.Files, a => a.FileName == "cerere.txt");
            Assert.Equal("continutul cererii", await f.FileText(file.Sha256));
        },
        ["forwarded-rfc822"] = async (f, s) =>
        {
            var inner = Mail.Text("vecin@example.ro", "primarie@example.ro", "Groapa de pe strada Mare", "Este o groapă mare în fața casei.");
            var m = Mail.Text(s, Par, "Fwd: Groapa de pe strada Mare", "");
            m.Body = new Multipart("mixed") { new TextPart(TextFormat.Plain) { Text = "Vă trimit mesajul vecinului." }, new MessagePart { Message = inner } };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Contains("Este o groapă mare", o.Case!.Description, StringComparison.Ordinal);
            Assert.Contains(o.Files, a => a.ContentType == "message/rfc822" && a.FileName != "message.eml");
        },
        ["rfc2231-file-name"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Act", "");
            var file = Mail.File("Adeverință școală.pdf", "application/pdf", Mail.Pdf);
            file.ContentDisposition!.Parameters["filename"] = "Adeverință școală.pdf";
            m.Body = new Multipart("mixed") { new TextPart(TextFormat.Plain) { Text = "Atașat." }, file };
            await f.SendAsync(m);
            Assert.Contains((await f.OutcomeAsync(s)).Files, a => a.FileName == "Adeverință școală.pdf");
        },
        ["no-message-id"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Fără id", "Mesaj fără Message-ID.", messageId: null);
            await f.SendAsync(m);
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.StartsWith("sha:", o.Row.MessageKey, StringComparison.Ordinal);
            Assert.NotNull(o.Case);
            Assert.Equal(1, await f.Db(db => db.InboundEmails.CountAsync(x => x.Sender == s)));
        },
        ["duplicate-delivery"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Dublu", "Trimis de două ori.");
            await f.SendAsync(m);
            await f.OutcomeAsync(s);
            Assert.Contains("Already have it", await f.SendAsync(m), StringComparison.Ordinal);
            await Task.Delay(300);
            Assert.Equal(1, await f.Db(db => db.Cases.CountAsync(c => db.Citizens.Any(p => p.Id == c.CitizenId && p.ContactPoints.Any(x => x.Value == s)))));
        },
        ["long-message-id"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text(s, Par, "Id lung", "text", messageId: new string('a', 400) + "@example.ro"));
            var o = await f.OutcomeAsync(s);
            Assert.StartsWith("mid#", o.Row.MessageKey, StringComparison.Ordinal);
            Assert.NotNull(o.Case);
        },
        ["empty-subject-and-body"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text(s, Par, "", ""));
            var o = await f.OutcomeAsync(s);
            Assert.Equal("(fără subiect)", o.Case!.Subject);
            Assert.Equal("(mesajul nu are text)", o.Case.Description);
        },
        ["english-auto-reply"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text(s, Par, "Passport renewal", "Hello, please tell me how I can renew my passport. Thank you."));
            var o = await f.OutcomeAsync(s);
            Assert.Equal("en", o.Citizen!.Language);
            var reply = await f.OutboundTo(s);
            Assert.Contains("We received your request", reply.Subject, StringComparison.Ordinal);
        },
        ["content-language-en"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Cerere", "Pașaport");
            m.Headers.Add(HeaderId.ContentLanguage, "en-GB");
            await f.SendAsync(m);
            Assert.Equal("en", (await f.OutcomeAsync(s)).Citizen!.Language);
        },
        ["network-address"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text(s, "contact@demo.ghiseu.ro", "Întrebare generală", "Unde găsesc formularele?"));
            var o = await f.OutcomeAsync(s);
            var unit = await f.Db(db => db.Units.FirstAsync(u => u.Id == o.Case!.UnitId));
            Assert.Equal("MAE", unit.Code);
        },
        ["cc-routing"] = async (f, s) =>
        {
            var m = Mail.Text(s, "altcineva@example.ro", "Copie", "Vă pun în copie.");
            m.Cc.Add(MailboxAddress.Parse("rom@demo.ghiseu.ro"));
            await f.SendAsync(m, "rom@demo.ghiseu.ro");
            var o = await f.OutcomeAsync(s);
            Assert.Equal("ROM", await f.Db(db => db.Units.Where(u => u.Id == o.Case!.UnitId).Select(u => u.Code).FirstAsync()));
        },
        ["oversize-attachment"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Scan mare", "");
            m.Body = new Multipart("mixed") { new TextPart(TextFormat.Plain) { Text = "Scanul e atașat." }, Mail.File("scan.tif", "image/tiff", Mail.Bytes(EmailFactory.MaxFileBytes + 100_000)) };
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.DoesNotContain(o.Files, a => a.FileName == "scan.tif");
            Assert.Contains("scan.tif", o.Body, StringComparison.Ordinal);
            Assert.Contains(o.Files, a => a.FileName == "message.eml" && a.Size > EmailFactory.MaxFileBytes);
        },
        ["bulk-precedence-no-auto-reply"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Buletin informativ", "Newsletter.");
            m.Headers.Add(HeaderId.Precedence, "bulk");
            await f.SendAsync(m);
            Assert.NotNull((await f.OutcomeAsync(s)).Case);
            Assert.False(await f.AutoReplied(s));
        },
        ["auto-submitted-no-auto-reply"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Notificare automată", "Sistemul X vă informează.");
            m.Headers.Add("Auto-Submitted", "auto-generated");
            await f.SendAsync(m);
            Assert.NotNull((await f.OutcomeAsync(s)).Case);
            Assert.False(await f.AutoReplied(s));
        },
        ["no-reply-sender"] = async (f, s) =>
        {
            var sender = "no-reply." + s;
            await f.SendAsync(Mail.Text(sender, Par, "Confirmare", "Mesaj automat."));
            Assert.NotNull((await f.OutcomeAsync(sender)).Case);
            Assert.False(await f.AutoReplied(sender));
        },
        ["own-address-sender"] = async (f, s) =>
        {
            await f.SendAsync(Mail.Text("mil@demo.ghiseu.ro", Par, $"Între unități {s}", "Transfer de dosar."));
            var row = await f.Db(async db =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var r = await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(x => x.Subject == $"Între unități {s}" && x.State != InboundState.Pending);
                    if (r is not null) return r;
                    await Task.Delay(100);
                }
                throw new TimeoutException();
            });
            Assert.False(row.AutoReplied);
        },
        ["spam-flag"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Câștigați", "Oferta zilei.");
            m.Headers.Add("X-Spam-Flag", "YES");
            await f.SendAsync(m);
            var o = await f.OutcomeAsync(s);
            Assert.Equal(InboundState.Spam, o.Row.State);
            Assert.Null(o.Case);
        },
        ["spam-score"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Oferta", "Ieftin.");
            m.Headers.Add("X-Spam-Status", "Yes, score=7.5 required=5.0 tests=BAYES_99");
            await f.SendAsync(m);
            Assert.Equal(InboundState.Spam, (await f.OutcomeAsync(s)).Row.State);
        },
        ["low-spam-score-is-mail"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Normal", "Mesaj obișnuit.");
            m.Headers.Add("X-Spam-Score", "1.2");
            await f.SendAsync(m);
            Assert.NotNull((await f.OutcomeAsync(s)).Case);
        },
        ["missing-from-quarantined"] = async (f, s) =>
        {
            var m = Mail.Text(s, Par, "Fără expeditor", "text");
            m.From.Clear();
            m.From.Add(new MailboxAddress("Fără adresă", "not-an-address"));
            m.Sender = new MailboxAddress("", s);
            await f.SendAsync(m, Par);
            var row = await f.Db(async db =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var r = await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(x => x.MessageId == m.MessageId && x.State != InboundState.Pending);
                    if (r is not null) return r;
                    await Task.Delay(100);
                }
                throw new TimeoutException();
            });
            Assert.Equal(InboundState.Quarantined, row.State);
            Assert.Contains("sender", row.LastError, StringComparison.OrdinalIgnoreCase);
        },
    };

    public static IEnumerable<object[]> Names => Samples.Keys.Concat(Threads.Keys).Select(k => new object[] { k });

    public static Func<EmailFactory, string, Task> Get(string name) => Samples.TryGetValue(name, out var run) ? run : Threads[name];

    internal static async Task<string> FileText(this EmailFactory f, string sha)
    {
        await using var s = f.Services.GetService(typeof(Features.Attachments.FileStore)) is Features.Attachments.FileStore store ? store.Open(sha)! : throw new InvalidOperationException();
        return await new StreamReader(s).ReadToEndAsync();
    }
}
