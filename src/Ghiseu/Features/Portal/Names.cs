using System.Globalization;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Units;

namespace Ghiseu.Features.Portal;

/// <summary>Names of units, categories and fields in the reader's language.</summary>
public static class Names
{
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Of(Unit u) => English ? u.NameEn ?? u.Name : u.Name;

    public static string Of(Category c) => English ? c.NameEn : c.NameRo;

    public static string Of(FieldDefinition f) => English ? f.LabelEn : f.LabelRo;
}
