using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Units;

namespace Ghiseu.Features.Demo;

/// <summary>The demo's units, queues and categories: a consular network and a city hall.</summary>
internal static class DemoOrganization
{
    public sealed record Mission(string Code, string Name, string NameEn, string Country, string TimeZone);

    public static readonly Mission[] Missions =
    [
        new("ROM", "Consulatul General al României la Roma", "Consulate General of Romania in Rome", "IT", "Europe/Rome"),
        new("MIL", "Consulatul General al României la Milano", "Consulate General of Romania in Milan", "IT", "Europe/Rome"),
        new("MAD", "Secția consulară a Ambasadei României la Madrid", "Consular section, Embassy of Romania in Madrid", "ES", "Europe/Madrid"),
        new("BER", "Secția consulară a Ambasadei României la Berlin", "Consular section, Embassy of Romania in Berlin", "DE", "Europe/Berlin"),
        new("LON", "Secția consulară a Ambasadei României la Londra", "Consular section, Embassy of Romania in London", "GB", "Europe/London"),
        new("PAR", "Secția consulară a Ambasadei României la Paris", "Consular section, Embassy of Romania in Paris", "FR", "Europe/Paris"),
        new("BRU", "Secția consulară a Ambasadei României la Bruxelles", "Consular section, Embassy of Romania in Brussels", "BE", "Europe/Brussels"),
        new("VIE", "Secția consulară a Ambasadei României la Viena", "Consular section, Embassy of Romania in Vienna", "AT", "Europe/Vienna"),
        new("WAS", "Secția consulară a Ambasadei României la Washington", "Consular section, Embassy of Romania in Washington", "US", "America/New_York"),
        new("OTT", "Secția consulară a Ambasadei României la Ottawa", "Consular section, Embassy of Romania in Ottawa", "CA", "America/Toronto"),
        new("CHI", "Secția consulară a Ambasadei României la Chișinău", "Consular section, Embassy of Romania in Chisinau", "MD", "Europe/Chisinau"),
    ];

    public static readonly (string Code, string Name)[] MissionQueues =
    [
        ("passports", "Pașapoarte"), ("civil-status", "Stare civilă"), ("notarial", "Notariale"),
        ("emergency", "Urgențe consulare"), ("general", "Informații generale"),
    ];

    public static readonly (string Code, string Name)[] CityQueues =
    [
        ("roads", "Drumuri"), ("lighting", "Iluminat public"), ("sanitation", "Salubritate"),
        ("transport", "Transport public"), ("public-order", "Poliția locală"), ("green-spaces", "Spații verzi"),
    ];

    public static List<Category> ConsularCategories(Guid ministry) =>
    [
        Cat("passport", "Pașaport", "Passport", ministry, "passports", Priority.Normal, 48, 720, 30,
            Field("appointment", FieldType.Date, false, "Data programării dorite", "Preferred appointment date"),
            Field("kind", FieldType.Choice, true, "Tip pașaport", "Passport type", "simplu electronic", "simplu temporar")),
        Cat("travel-document", "Titlu de călătorie", "Travel document", ministry, "passports", Priority.High, 8, 72, 30,
            Field("departure", FieldType.Date, false, "Data plecării", "Departure date")),
        Cat("civil-status", "Transcriere acte de stare civilă", "Civil status transcription", ministry, "civil-status", Priority.Normal, 72, 2160, 30,
            Field("document", FieldType.Choice, true, "Act", "Certificate", "naștere", "căsătorie", "deces"),
            Field("scan", FieldType.File, false, "Copie scanată", "Scanned copy")),
        Cat("power-of-attorney", "Procură", "Power of attorney", ministry, "notarial", Priority.Normal, 48, 240, 30),
        Cat("citizenship", "Cetățenie", "Citizenship", ministry, "general", Priority.Low, 120, 4320, 30),
        Cat("emergency", "Asistență consulară de urgență", "Emergency consular assistance", ministry, "emergency", Priority.Emergency, 1, 24, 30),
        Cat("detained-citizen", "Cetățean reținut sau arestat", "Detained citizen", ministry, "emergency", Priority.Urgent, 2, 72, 30),
        Cat("information", "Cerere de informații", "Information request", ministry, "general", Priority.Low, 72, 240, 30),
    ];

    public static List<Category> CityCategories(Guid cityHall) =>
    [
        Cat("pothole", "Groapă în carosabil", "Pothole", cityHall, "roads", Priority.Normal, 24, 336, 30,
            Field("where", FieldType.Location, true, "Locul", "Location"), Field("photo", FieldType.File, false, "Fotografie", "Photo")),
        Cat("street-lighting", "Iluminat public defect", "Street lighting", cityHall, "lighting", Priority.Normal, 24, 168, 30,
            Field("where", FieldType.Location, true, "Locul", "Location"), Field("pole", FieldType.Text, false, "Număr stâlp", "Pole number")),
        Cat("waste", "Deșeuri și salubritate", "Waste collection", cityHall, "sanitation", Priority.Normal, 24, 120, 30,
            Field("where", FieldType.Location, false, "Locul", "Location")),
        Cat("public-transport", "Transport public", "Public transport", cityHall, "transport", Priority.Low, 48, 336, 30,
            Field("line", FieldType.Text, false, "Linia", "Line")),
        Cat("noise", "Zgomot", "Noise", cityHall, "public-order", Priority.Normal, 12, 168, 30,
            Field("when", FieldType.Choice, false, "Când", "When", "ziua", "noaptea")),
        Cat("parks", "Parcuri și spații verzi", "Parks and green spaces", cityHall, "green-spaces", Priority.Low, 72, 720, 30),
    ];

    private static Category Cat(string code, string ro, string en, Guid unit, string queue, Priority p, int fr, int res, int legal, params FieldDefinition[] fields) =>
        new() { Code = code, NameRo = ro, NameEn = en, UnitId = unit, DefaultQueueCode = queue, DefaultPriority = p,
            FirstResponseHours = fr, ResolutionHours = res, LegalDeadlineDays = legal, Fields = [.. fields] };

    private static FieldDefinition Field(string code, FieldType type, bool required, string ro, string en, params string[] options) =>
        new() { Code = code, Type = type, Required = required, LabelRo = ro, LabelEn = en, Options = [.. options] };

    public static Unit Ministry() => new()
    {
        Code = "MAE", Name = "Ministerul Afacerilor Externe — Rețeaua consulară", NameEn = "Ministry of Foreign Affairs — Consular network",
        TimeZone = "Europe/Bucharest", Country = "RO", Email = "contact@demo.ghiseu.ro",
    };

    public static Unit CityHall() => new()
    {
        Code = "ABA", Name = "Primăria Municipiului Alba Iulia", NameEn = "Alba Iulia City Hall",
        TimeZone = "Europe/Bucharest", Country = "RO", Email = "aba@demo.ghiseu.ro",
    };
}
