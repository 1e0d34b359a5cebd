using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// The SMTP listener's sockets, with Nagle's algorithm off. A client that pipelines MAIL, RCPT and
/// DATA gets three short answers; with Nagle on, the second waits for the client's delayed
/// acknowledgement of the first (40 ms on Linux), so every message cost a connection 40 ms of
/// nothing. Otherwise as SmtpServer's own listener.
/// </summary>
internal sealed class NoDelayListenerFactory : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
            context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint!);
            return new Pipe(client.GetStream(), client);
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class Pipe : ISecurableDuplexPipe
    {
        private readonly TcpClient client;
        private Stream stream;

        public Pipe(Stream stream, TcpClient client)
        {
            this.client = client;
            this.stream = stream;
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => stream is SslStream;

        public SslProtocols SslProtocol => stream is SslStream ssl ? ssl.SslProtocol : SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate, ClientCertificateRequired = false, EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
            stream = ssl;
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public void Dispose()
        {
            stream.Dispose();
            client.Dispose();
        }
    }
}
