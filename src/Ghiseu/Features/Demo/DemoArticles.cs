using Ghiseu.Data;
using Ghiseu.Features.Knowledge;

namespace Ghiseu.Features.Demo;

/// <summary>Published answers of the demo's knowledge base, in Romanian and English.</summary>
internal static class DemoArticles
{
    private sealed record Text(string Language, string Topic, bool City, string Title, string Body);

    private static readonly Text[] Texts =
    [
        new("ro", "passport", false, "Pașaport pentru minori",
            "Pentru **pașaportul unui minor** sunt necesare:\n\n- certificatul de naștere românesc al copilului;\n- actele de identitate ale ambilor părinți;\n- acordul ambilor părinți, exprimat la ghișeu.\n\nCererea se depune personal, cu programare. Pașaportul simplu electronic se eliberează în aproximativ 30 de zile."),
        new("en", "passport", false, "Passport for a minor",
            "For a **minor's passport** you need:\n\n- the child's Romanian birth certificate;\n- the identity documents of both parents;\n- the consent of both parents, given at the counter.\n\nApply in person, by appointment. The electronic passport is issued in about 30 days."),
        new("ro", "civil-status", false, "Transcrierea certificatului de naștere",
            "Copiii născuți în străinătate se înregistrează în registrele românești prin **transcrierea** certificatului de naștere străin.\n\nAveți nevoie de certificatul străin (apostilat, cu traducere legalizată), actele de identitate ale părinților și certificatul de căsătorie românesc, dacă este cazul."),
        new("en", "civil-status", false, "Transcribing a foreign birth certificate",
            "Children born abroad are entered in the Romanian registers by **transcribing** the foreign birth certificate.\n\nYou need the foreign certificate (apostilled, with a certified translation), the parents' identity documents and the Romanian marriage certificate, where there is one."),
        new("ro", "emergency", false, "Ce faceți dacă v-ați pierdut pașaportul în străinătate",
            "1. Declarați pierderea la poliția locală și cereți o dovadă.\n2. Contactați misiunea diplomatică: puteți primi un **titlu de călătorie** valabil pentru întoarcerea în țară.\n3. În caz de urgență, sunați la linia de urgență consulară, disponibilă non-stop."),
        new("en", "emergency", false, "Lost your passport abroad",
            "1. Report the loss to the local police and ask for a certificate.\n2. Contact the mission: you can get a **travel document** valid for the journey home.\n3. In an emergency, call the consular emergency line, open day and night."),
        new("ro", "roads", true, "Cum semnalați o groapă în carosabil",
            "Depuneți o sesizare cu **locul exact** (folosiți butonul „Folosește locația mea”) și, dacă puteți, o fotografie. Echipele de intervenție repară gropile semnalate în cel mult 14 zile; veți primi un mesaj când lucrarea este gata."),
        new("en", "roads", true, "How to report a pothole",
            "File a report with the **exact place** (use the \"Use my location\" button) and, if you can, a photo. Road crews repair reported potholes within 14 days; you will get a message when the work is done."),
    ];

    public static IEnumerable<Article> All(Guid ministry, Guid cityHall, DateTimeOffset now) => Texts.Select(t => new Article
    {
        Slug = Slugs.From(t.Title), Title = t.Title, Body = t.Body, Language = t.Language, Topic = t.Topic,
        UnitId = t.City ? cityHall : ministry, Published = true, CreatedAt = now, UpdatedAt = now,
        SearchText = TextFolding.Fold($"{t.Title} {t.Topic} {Markdown.ToPlainText(t.Body)}"),
    });
}
