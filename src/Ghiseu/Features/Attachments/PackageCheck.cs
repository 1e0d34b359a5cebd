using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;
using Ghiseu.Web.Resources;

namespace Ghiseu.Features.Attachments;

/// <summary>
/// DOCX and ODT are zip packages. One must end where its archive ends (nothing appended), hold a
/// bounded number of parts, unpack to a bounded size — counted on the bytes really inflated, never
/// on the sizes the archive claims — and its main part must be well-formed XML without a DTD.
/// </summary>
internal static class PackageCheck
{
    public static string? Check(Stream s, FileTypes.Kind kind, string name, AttachmentOptions limits)
    {
        var tooLarge = string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.PackageTooLarge, name,
            AttachmentService.Size(limits.MaxPackageExpandedBytes), limits.MaxPackageEntries);
        var damaged = Format(Messages.FileDamaged, name, kind);
        if (EndRecord(s) is not { } end) return Format(Messages.FileTrailingData, name, kind);
        if (end.Entries > limits.MaxPackageEntries) return tooLarge;
        try
        {
            if (!Inflate(s, end, new Budget(limits.MaxPackageExpandedBytes))) return damaged;
            s.Position = 0;
            using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Any(e => e.FullName.StartsWith('/') || e.FullName.Split('/', '\\').Contains(".."))) return damaged;
            var main = zip.GetEntry(kind == FileTypes.Docx ? "word/document.xml" : "content.xml");
            if (main is null) return damaged;
            using var part = main.Open();
            using var xml = XmlReader.Create(part, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (xml.Read()) { }
            return null;
        }
        catch (Budget.ExceededException)
        {
            return tooLarge;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException or ArgumentException)
        {
            return damaged;
        }
    }

    private sealed record End(int Entries, long DirectoryOffset, long DirectorySize);

    /// <summary>
    /// The end-of-central-directory record, which must close the file exactly (its comment included);
    /// null when it is missing or data follows it. A zip64 archive, which a document of this size
    /// never needs, counts as too many entries.
    /// </summary>
    private static End? EndRecord(Stream s)
    {
        const int Fixed = 22;
        if (s.Length < Fixed) return null;
        var tail = new byte[(int)Math.Min(s.Length, Fixed + ushort.MaxValue)];
        s.Position = s.Length - tail.Length;
        s.ReadExactly(tail);
        for (var at = tail.Length - Fixed; at >= 0; at--)
        {
            if (!tail.AsSpan(at).StartsWith("PK\x05\x06"u8)) continue;
            var comment = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 20));
            if (at + Fixed + comment != tail.Length) continue;
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            return new End(entries == ushort.MaxValue ? int.MaxValue : entries,
                BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 16)), BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 12)));
        }
        return null;
    }

    /// <summary>
    /// Inflates every entry from its own compressed bytes and charges what really comes out to the
    /// budget: a reader that trusts the declared sizes stops where the header says, an office suite
    /// does not. An entry whose real size differs from its declared one is refused as forged.
    /// </summary>
    private static bool Inflate(Stream s, End end, Budget budget)
    {
        if (end.DirectoryOffset + end.DirectorySize > s.Length || end.DirectorySize > 64L * 1024 * 1024) return false;
        var directory = new byte[end.DirectorySize];
        s.Position = end.DirectoryOffset;
        s.ReadExactly(directory);
        var buffer = new byte[81920];
        var at = 0;
        for (var i = 0; i < end.Entries; i++)
        {
            var d = directory.AsSpan(at);
            if (d.Length < 46 || !d.StartsWith("PK\x01\x02"u8)) return false;
            var method = BinaryPrimitives.ReadUInt16LittleEndian(d[10..]);
            long packed = BinaryPrimitives.ReadUInt32LittleEndian(d[20..]), declared = BinaryPrimitives.ReadUInt32LittleEndian(d[24..]);
            var local = (long)BinaryPrimitives.ReadUInt32LittleEndian(d[42..]);
            at += 46 + BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) + BinaryPrimitives.ReadUInt16LittleEndian(d[30..]) + BinaryPrimitives.ReadUInt16LittleEndian(d[32..]);
            if (method is not (0 or 8)) return false;
            var header = new byte[30];
            s.Position = local;
            s.ReadExactly(header);
            if (!header.AsSpan().StartsWith("PK\x03\x04"u8)) return false;
            var data = local + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            if (data + packed > end.DirectoryOffset) return false;
            s.Position = data;
            using var raw = new SliceStream(s, packed);
            using Stream inflated = method == 8 ? new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true) : raw;
            long real = 0;
            int n;
            while ((n = inflated.Read(buffer)) > 0)
            {
                budget.Spend(n);
                real += n;
            }
            if (real != declared) return false;
        }
        return true;
    }

    private static string Format(string template, string name, FileTypes.Kind kind) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, template, name, kind.Name);

    /// <summary>How many inflated bytes the whole package may still produce.</summary>
    private sealed class Budget(long limit)
    {
        public sealed class ExceededException : Exception;

        private long left = limit;

        public void Spend(int bytes)
        {
            left -= bytes;
            if (left < 0) throw new ExceededException();
        }
    }

    /// <summary>The next <paramref name="length"/> bytes of the package, and not one more.</summary>
    private sealed class SliceStream(Stream inner, long length) : Stream
    {
        private long left = length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (left <= 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
            left -= n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
