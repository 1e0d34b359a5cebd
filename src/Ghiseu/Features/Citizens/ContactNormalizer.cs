using System.Net.Mail;
using PhoneNumbers;

namespace Ghiseu.Features.Citizens;

/// <summary>Normalizes and validates contact points so the same person is matched across channels.</summary>
public static class ContactNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Returns the E.164 form, or null when the number is not a valid phone number.</summary>
    /// <param name="raw">The number as typed; without a + prefix it is read as Romanian.</param>
    /// <param name="defaultRegion">Region for numbers without an international prefix.</param>
    public static string? Phone(string? raw, string defaultRegion = "RO")
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        try
        {
            var parsed = Phones.Parse(raw, defaultRegion);
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>An E.164 number as people read it, grouped (+40 755 123 456); anything else as it is.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Phones.Format(Phones.Parse(e164, "RO"), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Returns the lower-cased address, or null when it is not a single valid address.</summary>
    public static string? Email(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var trimmed = raw.Trim();
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed) return null;
        var at = trimmed.LastIndexOf('@');
        var domain = trimmed[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.EndsWith('.') ? trimmed.ToLowerInvariant() : null;
    }
}
