using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Ghiseu.Features.Attachments;
using SkiaSharp;

namespace Ghiseu.Bench;

/// <summary>
/// <c>bench uploads [runs]</c>: the time the upload checks take per file, in process, on files like
/// those citizens send — a 12-megapixel phone photo, an A4 scan at 300 dpi as PNG, a 2 MB PDF, a
/// 1 MB DOCX — comparing the first look (magic bytes) with the whole check (format readers, images
/// re-encoded). Prints the median and the 90th percentile in milliseconds.
/// </summary>
public static class UploadChecks
{
    public static async Task<int> RunAsync(int runs)
    {
        var limits = new AttachmentOptions();
        var files = new (string Name, byte[] Content)[]
        {
            ("photo-12mp.jpg", Image(4000, 3000, SKEncodedImageFormat.Jpeg)),
            ("scan-a4-300dpi.png", Image(2480, 3508, SKEncodedImageFormat.Png)),
            ("document-2mb.pdf", Pdf(2 * 1024 * 1024)),
            ("letter-1mb.docx", Docx(1024 * 1024)),
        };
        Console.WriteLine($"{"file",-22} {"size",9} {"first look",11} {"whole check",12} {"p90",8}");
        foreach (var (name, content) in files)
        {
            var sniff = new List<double>();
            var whole = new List<double>();
            for (var i = 0; i < runs + 2; i++)
            {
                using var s = new MemoryStream(content, writable: false);
                var t = Stopwatch.GetTimestamp();
                var (kind, error) = FileTypes.Check(name, null, s);
                var first = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (kind is null) throw new InvalidOperationException(error);
                t = Stopwatch.GetTimestamp();
                var result = await FileChecks.InspectAsync(kind, s, name, limits, CancellationToken.None);
                var all = first + Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (result.Error is not null) throw new InvalidOperationException(result.Error);
                if (i < 2) continue; // warm-up: JIT and native library loading
                sniff.Add(first);
                whole.Add(all);
            }
            Console.WriteLine($"{name,-22} {content.Length / 1024,6} KB {Median(sniff),8:0.00} ms {Median(whole),9:0.0} ms {Percentile(whole, 0.9),5:0.0} ms");
        }
        return 0;
    }

    private static double Median(List<double> v) => Percentile(v, 0.5);

    private static double Percentile(List<double> v, double p)
    {
        var sorted = v.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    /// <summary>Noise over gradients: compresses like a photo, not like a flat colour.</summary>
    private static byte[] Image(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(7);
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var x = i / 4 % width;
            var y = i / 4 / width;
            pixels[i] = (byte)(x * 255 / width + random.Next(24));
            pixels[i + 1] = (byte)(y * 255 / height + random.Next(24));
            pixels[i + 2] = (byte)random.Next(64, 96);
            pixels[i + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] Pdf(int size)
    {
        var filler = new string('x', size);
        var objects = new[]
        {
            "<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>",
            "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R>>",
            $"<</Length {filler.Length + 3}>>\nstream\n% {filler}\n\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<</Size {objects.Length + 1} /Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A DOCX whose document part is paragraphs of text, about <paramref name="size"/> bytes packed.</summary>
    private static byte[] Docx(int size)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Add("[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
            var random = new Random(7);
            var body = new StringBuilder("""<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""");
            while (body.Length < size * 4)
                body.Append("<w:p><w:r><w:t>").Append(string.Join(' ', Enumerable.Range(0, 40).Select(_ => random.Next(100000).ToString("x", System.Globalization.CultureInfo.InvariantCulture)))).Append("</w:t></w:r></w:p>");
            Add("word/document.xml", body.Append("</w:body></w:document>").ToString());
        }
        return buffer.ToArray();
    }
}
