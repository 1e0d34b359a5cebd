using System.Text;
using MimeKit;
using MimeKit.Text;

namespace Ghiseu.Tests.Email;

/// <summary>Builds test messages: plain ones, and the pieces of tricky ones.</summary>
public static class Mail
{
    public static MimeMessage Text(string from, string to, string subject, string body, string? name = "Maria Ionescu", string? messageId = "new")
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress(name, from));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = subject;
        m.Body = new TextPart(TextFormat.Plain) { Text = body };
        if (messageId == "new") m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.ro");
        else if (messageId is null) m.Headers.Remove(HeaderId.MessageId);
        else m.MessageId = messageId;
        return m;
    }

    /// <summary>A body in a legacy charset, transferred as quoted-printable.</summary>
    public static TextPart Charset(string text, string charset)
    {
        var part = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.GetEncoding(charset), text);
        return part;
    }

    public static MimePart File(string name, string type, byte[] content, string? contentId = null) => new(type)
    {
        Content = new MimeContent(new MemoryStream(content)), FileName = name, ContentId = contentId,
        ContentDisposition = new ContentDisposition(contentId is null ? ContentDisposition.Attachment : ContentDisposition.Inline) { FileName = name },
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    /// <summary>A winmail.dat (TNEF) carrying one file, written attribute by attribute as Outlook does.</summary>
    public static MimePart Tnef(string fileName, byte[] content)
    {
        using var s = new MemoryStream();
        void U32(uint v) => s.Write(BitConverter.GetBytes(v));
        void Attr(byte level, uint id, byte[] data)
        {
            s.WriteByte(level);
            U32(id);
            U32((uint)data.Length);
            s.Write(data);
            ushort sum = 0;
            foreach (var b in data) sum += b;
            s.Write(BitConverter.GetBytes(sum));
        }
        U32(0x223E9F78);
        s.Write(BitConverter.GetBytes((ushort)0x0001));
        Attr(1, 0x00089006, BitConverter.GetBytes(0x00010000u)); // TNEF version
        Attr(1, 0x00069007, [.. BitConverter.GetBytes(1252u), .. BitConverter.GetBytes(0u)]); // OEM code page
        Attr(1, 0x00078008, Encoding.ASCII.GetBytes("IPM.Microsoft Mail.Note\0")); // message class
        Attr(2, 0x00069002, new byte[14]); // attachment rendering: starts an attachment
        Attr(2, 0x00018010, Encoding.ASCII.GetBytes(fileName + "\0")); // title
        Attr(2, 0x0006800F, content); // data
        return new MimePart("application", "ms-tnef")
        {
            Content = new MimeContent(new MemoryStream(s.ToArray())), FileName = "winmail.dat",
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "winmail.dat" },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
    }

    public static byte[] Bytes(int size, byte seed = 7)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    public static byte[] Png => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
