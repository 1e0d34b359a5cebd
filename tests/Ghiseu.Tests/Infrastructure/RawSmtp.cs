using System.Net.Sockets;
using System.Text;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>An SMTP session typed line by line, for what client libraries will not send (the null reverse-path).</summary>
public sealed class RawSmtp : IAsyncDisposable
{
    private readonly TcpClient tcp = new();
    private NetworkStream? stream;
    private StreamReader? reader;

    public static async Task<RawSmtp> ConnectAsync(int port)
    {
        var s = new RawSmtp();
        await s.tcp.ConnectAsync("127.0.0.1", port);
        s.stream = s.tcp.GetStream();
        s.reader = new StreamReader(s.stream, Encoding.ASCII);
        await s.ReadReplyAsync();
        return s;
    }

    /// <summary>Sends one command line and returns the whole reply; "closed" when the server hung up.</summary>
    public async Task<string> SayAsync(string line)
    {
        try
        {
            await stream!.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            return await ReadReplyAsync();
        }
        catch (IOException) { return "closed"; }
    }

    /// <summary>DATA, the message (dot-stuffed) and the final dot; returns the reply to the dot.</summary>
    public async Task<string> DataAsync(MimeKit.MimeMessage message)
    {
        var go = await SayAsync("DATA");
        if (!go.StartsWith("354", StringComparison.Ordinal)) return go;
        using var ms = new MemoryStream();
        await message.WriteToAsync(MimeKit.FormatOptions.Default, ms);
        var text = Encoding.UTF8.GetString(ms.ToArray()).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        if (!text.EndsWith("\r\n", StringComparison.Ordinal)) text += "\r\n";
        await stream!.WriteAsync(Encoding.UTF8.GetBytes(text));
        return await SayAsync(".");
    }

    private async Task<string> ReadReplyAsync()
    {
        string? line;
        var all = new StringBuilder();
        do
        {
            line = await reader!.ReadLineAsync() ?? throw new IOException("closed");
            all.AppendLine(line);
        }
        while (line.Length > 3 && line[3] == '-');
        return all.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (stream is not null && tcp.Connected) await SayAsync("QUIT");
        reader?.Dispose();
        tcp.Dispose();
    }
}
