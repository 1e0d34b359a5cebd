using Ghiseu.Web.Resources;
using SkiaSharp;

namespace Ghiseu.Features.Attachments;

/// <summary>
/// A JPEG or PNG is decoded in full (Skia) within a pixel limit and encoded again: what is stored
/// is only the picture, turned upright, without its metadata (the GPS position of a phone photo,
/// the camera, comments) and without anything appended after the image data.
/// </summary>
internal static class ImageCheck
{
    /// <summary>JPEG quality of the stored copy: no visible loss on photos and scans of documents.</summary>
    public const int JpegQuality = 90;

    // A decoded 40-megapixel image takes 160 MB: at most two decodes at a time bound the memory that uploads can take.
    private static readonly SemaphoreSlim Decoding = new(2);

    public static async Task<(byte[]? Clean, string? Error)> CleanAsync(Stream s, FileTypes.Kind kind, string name, long maxPixels, CancellationToken ct)
    {
        var damaged = string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.FileDamaged, name, kind.Name);
        var format = kind == FileTypes.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
        s.Position = 0;
        using var data = SKData.Create(s);
        using var codec = data is null ? null : SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format) return (null, damaged);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) return (null, damaged);
        if ((long)width * height > maxPixels)
            return (null, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.ImageTooLarge, name,
                Math.Round((long)width * height / 1e6, 1), Math.Round(maxPixels / 1e6, 1)));
        await Decoding.WaitAsync(ct);
        try
        {
            var opaque = kind == FileTypes.Jpeg || codec.Info.AlphaType == SKAlphaType.Opaque;
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
            using var bitmap = new SKBitmap(info);
            // Only a complete decode counts: a cut-short file decodes "incompletely" with grey where data is missing.
            if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success) return (null, damaged);
            using var upright = Upright(bitmap, codec.EncodedOrigin);
            using var encoded = (upright ?? bitmap).Encode(format, kind == FileTypes.Jpeg ? JpegQuality : 100);
            return encoded is null ? (null, damaged) : (encoded.ToArray(), null);
        }
        finally
        {
            Decoding.Release();
        }
    }

    /// <summary>Applies the EXIF orientation, which the stored copy no longer carries; null when the image is upright already.</summary>
    private static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return null;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        float w = source.Width, h = source.Height;
        var target = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(target);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(w, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(w, h); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, h); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.RotateDegrees(270); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null); // whole-pixel turns: nothing to interpolate
        return target;
    }
}
