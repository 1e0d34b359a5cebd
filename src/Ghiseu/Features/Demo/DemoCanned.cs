using Ghiseu.Features.Desk.Canned;

namespace Ghiseu.Features.Demo;

/// <summary>Canned responses of the demo, for the consular network and the city hall.</summary>
internal static class DemoCanned
{
    public static IEnumerable<CannedResponse> All(Guid ministry, Guid cityHall, DateTimeOffset now) =>
    [
        new() { UnitId = ministry, Title = "Programare pașaport", UpdatedAt = now,
            BodyRo = "Stimate/Stimată {citizenName},\n\nPentru cererea {registrationNumber} vă rugăm să vă prezentați cu actul de identitate și certificatul de naștere. Programarea se face online.\n\n{unitName}",
            BodyEn = "Dear {citizenName},\n\nFor request {registrationNumber} please come with your identity document and birth certificate. Appointments are booked online.\n\n{unitName}" },
        new() { UnitId = ministry, Title = "Documente lipsă", UpdatedAt = now,
            BodyRo = "Stimate/Stimată {citizenName},\n\nPentru a continua cererea {registrationNumber} avem nevoie de documentele lipsă. Le puteți încărca la {trackingUrl}.\n\n{unitName}",
            BodyEn = "Dear {citizenName},\n\nTo continue request {registrationNumber} we need the missing documents. You can upload them at {trackingUrl}.\n\n{unitName}" },
        new() { UnitId = cityHall, Title = "Sesizare preluată de echipă", UpdatedAt = now,
            BodyRo = "Stimate/Stimată {citizenName},\n\nSesizarea {registrationNumber} a fost transmisă echipei de intervenție. Vă anunțăm când lucrarea este gata.\n\n{unitName}",
            BodyEn = "Dear {citizenName},\n\nReport {registrationNumber} has been passed to the field team. We will tell you when the work is done.\n\n{unitName}" },
    ];
}
