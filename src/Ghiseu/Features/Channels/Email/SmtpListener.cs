using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmtpServer;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// The inbound SMTP listener (SmtpServer): refuses unknown recipients (550) and oversized mail (552)
/// during the session, and answers 250 only once <see cref="InboundStore"/> has the message durably.
/// </summary>
public sealed class SmtpListener(IOptions<EmailOptions> options, EmailRouting routing, InboundStore store, SenderLimiter limiter,
    ILogger<SmtpListener> log) : BackgroundService, IHealthCheck
{
    private volatile bool ready;

    /// <summary>The port actually listened on (the configured one, or the one the system chose for 0).</summary>
    public int Port { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Smtp;
        if (!o.Enabled) return;
        Port = o.Port == 0 ? FreePort() : o.Port;
        var endpoint = new EndpointDefinitionBuilder().Endpoint(new IPEndPoint(IPAddress.Parse(o.Address), Port))
            .SessionTimeout(TimeSpan.FromMinutes(5));
        if (!string.IsNullOrWhiteSpace(o.CertificatePath))
            endpoint.Certificate(X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword));
        var smtpOptions = new SmtpServerOptionsBuilder().ServerName(o.ServerName).Endpoint(endpoint.Build())
            .MaxMessageSize(o.MaxMessageBytes, MaxMessageSizeHandling.Strict).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new SmtpFilter(routing, limiter, o.MaxMessageBytes));
        services.Add(new SmtpStore(routing, store, o.MaxMessageBytes, log));
        services.Add(new NoDelayListenerFactory());
        _ = MarkReadyAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                log.LogInformation("SMTP listener on {Address}:{Port}", o.Address, Port);
                await new SmtpServer.SmtpServer(smtpOptions, services).StartAsync(stoppingToken);
            }
            catch (OperationCanceledException) { return; } // the host is stopping
            catch (SocketException e)
            {
                // E.g. the port still held just after a crash: keep trying, and stay not ready meanwhile.
                log.LogError("SMTP listener cannot listen on {Address}:{Port}: {Error}; retrying", o.Address, Port, e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Ready once a connection to the port succeeds: the socket is bound and accepting.</summary>
    private async Task MarkReadyAsync(CancellationToken ct)
    {
        var host = options.Value.Smtp.Address is "0.0.0.0" ? "127.0.0.1" : options.Value.Smtp.Address;
        while (!ct.IsCancellationRequested && !ready)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(host, Port, ct);
                ready = true;
            }
            catch (SocketException) { await Task.Delay(50, ct); }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.Smtp.Enabled ? HealthCheckResult.Healthy("SMTP listener off")
            : ready ? HealthCheckResult.Healthy($"SMTP listener on port {Port}") : HealthCheckResult.Unhealthy("SMTP listener not listening yet"));

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
