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
        switch (EndRecord(s))
        {
            case null: return Format(Messages.FileTrailingData, name, kind);
            case var count when count > limits.MaxPackageEntries: return tooLarge;
        }
        s.Position = 0;
        try
        {
            using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            var main = kind == FileTypes.Docx ? "word/document.xml" : "content.xml";
            var budget = new Budget(limits.MaxPackageExpandedBytes);
            var sawMain = false;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.StartsWith('/') || entry.FullName.Split('/', '\\').Contains("..")) return Format(Messages.FileDamaged, name, kind);
                using var inflated = new CountingStream(entry.Open(), budget);
                if (entry.FullName == main)
                {
                    sawMain = true;
                    using var xml = XmlReader.Create(inflated, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                    while (xml.Read()) { }
                }
                while (inflated.Read(buffer) > 0) { }
            }
            return sawMain ? null : Format(Messages.FileDamaged, name, kind);
        }
        catch (Budget.ExceededException)
        {
            return tooLarge;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            return Format(Messages.FileDamaged, name, kind);
        }
    }

    /// <summary>
    /// The entry count from the end-of-central-directory record, which must close the file exactly
    /// (its comment included); null when it is missing or data follows it. A zip64 archive, which a
    /// document of this size never needs, counts as too many entries.
    /// </summary>
    private static int? EndRecord(Stream s)
    {
        const int Fixed = 22;
        var tail = new byte[(int)Math.Min(s.Length, Fixed + ushort.MaxValue)];
        s.Position = s.Length - tail.Length;
        s.ReadExactly(tail);
        for (var at = tail.Length - Fixed; at >= 0; at--)
        {
            if (!tail.AsSpan(at).StartsWith("PK\x05\x06"u8)) continue;
            var comment = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 20));
            if (at + Fixed + comment != tail.Length) continue;
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            return entries == ushort.MaxValue ? int.MaxValue : entries;
        }
        return null;
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

    /// <summary>Reads an entry and charges every byte it yields to the package's budget.</summary>
    private sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.Spend(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Spend(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
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
