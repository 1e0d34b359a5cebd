using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ghiseu.Bench;

/// <summary>Request bodies for POST /api/v1/cases: realistic consular cases, in Romanian, each from a new citizen.</summary>
public sealed class CaseFactory(IReadOnlyList<string> units, string runTag)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly string[] FirstNames = ["Maria", "Ion", "Elena", "Andrei", "Ioana", "Mihai", "Ștefan", "Ana", "Gheorghe", "Cătălina", "Răzvan", "Irina"];
    private static readonly string[] LastNames = ["Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Țăranu", "Munteanu", "Căpraru", "Gheorghiu", "Brătianu", "Șerban"];
    private static readonly string[] Channels = ["phone", "email", "walkIn"];

    private static readonly string[] InformationSubjects =
    [
        "Program de lucru al secției consulare în perioada sărbătorilor",
        "Documente necesare pentru transcrierea certificatului de naștere",
        "Întrebare privind programarea online la ghișeu",
        "Informații despre redobândirea cetățeniei române",
        "Procură pentru vânzarea unui apartament în România",
    ];

    private static readonly string[] PassportSubjects =
    [
        "Cerere de pașaport simplu electronic pentru un minor",
        "Reînnoirea pașaportului expirat",
        "Pașaport pierdut: solicit eliberarea unui pașaport nou",
    ];

    private static readonly string[] Sentences =
    [
        "Bună ziua, locuiesc de câțiva ani în străinătate și aș dori să știu ce acte trebuie să aduc la ghișeu.",
        "Am încercat să fac o programare pe site, dar nu am găsit niciun interval liber în următoarele săptămâni.",
        "Copilul meu s-a născut aici, iar certificatul de naștere a fost emis de autoritățile locale.",
        "Pașaportul meu expiră luna viitoare și trebuie să călătoresc în țară pentru o înmormântare.",
        "Vă rog să îmi spuneți dacă este nevoie de traducere legalizată și de apostilă.",
        "Lucrez în ture și nu pot veni decât sâmbăta; există și program în weekend?",
        "Mulțumesc anticipat pentru răspuns și vă rog să mă contactați pe e-mail.",
        "Am depus dosarul în urmă cu două luni și încă nu am primit niciun răspuns.",
        "Soțul meu este cetățean străin; poate să mă însoțească la depunerea cererii?",
        "Ce taxă consulară se plătește și se poate achita cu cardul la ghișeu?",
    ];

    /// <summary>The JSON body of one case; <paramref name="unit"/> overrides the random mission.</summary>
    public byte[] Create(Random random, int client, long sequence, string? unit = null)
    {
        var passport = random.Next(2) == 0;
        var first = Pick(random, FirstNames);
        var last = Pick(random, LastNames);
        var description = new StringBuilder();
        for (var i = random.Next(2, 5); i > 0; i--) description.Append(Pick(random, Sentences)).Append(' ');
        var request = new CaseRequest(
            Unit: unit ?? Pick(random, units),
            Category: passport ? "passport" : "information",
            Subject: Pick(random, passport ? PassportSubjects : InformationSubjects),
            Description: description.ToString().Trim(),
            Channel: Pick(random, Channels),
            Citizen: new CitizenRequest($"{first} {last}", $"cetatean.{runTag}.{client}.{sequence}@exemplu.ro", Language: "ro"),
            Fields: passport ? new Dictionary<string, string> { ["kind"] = "simplu electronic" } : null);
        return JsonSerializer.SerializeToUtf8Bytes(request, Options);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> list) => list[random.Next(list.Count)];

    private sealed record CitizenRequest(string Name, string Email, string Language);

    private sealed record CaseRequest(string Unit, string Category, string Subject, string Description, string Channel,
        CitizenRequest Citizen, Dictionary<string, string>? Fields);
}
