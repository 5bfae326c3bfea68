using System.Collections.Concurrent;
using System.Net;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// A small but real NuGet V3 server for end-to-end tests, on HttpListener at
/// http://127.0.0.1:&lt;free port&gt;/, holding pushed packages in a temporary folder. It serves exactly
/// what the dotnet CLI and NuGet.Protocol use: the service index, push, the flat container and
/// search. Every request is recorded (the tests show which endpoints a client used), and one it
/// cannot serve is written to the log at once, so a missing endpoint is obvious.
/// </summary>
public sealed class V3FeedServer : IDisposable
{
    public const string ApiKey = "diver-test-key";
    const int BindAttempts = 20;

    readonly HttpListener _listener;
    readonly Task _loop;
    readonly Action<string> _log;
    readonly ConcurrentQueue<string> _requests = new();

    public PackageStore Store { get; }
    public string BaseUrl { get; }
    public int Port { get; }
    /// <summary>The URL clients are given: the service index.</summary>
    public string IndexUrl => BaseUrl + ServiceIndex.IndexPath;
    /// <summary>"METHOD path?query -> status", in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>
    /// A nuget.config whose only source is this server. The .NET 10 CLI refuses http sources for
    /// push and restore (NU1302) unless the source allows it; a real team feed would be https.
    /// </summary>
    public string NuGetConfig(string sourceName) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="{sourceName}" value="{IndexUrl}" allowInsecureConnections="true" />
          </packageSources>
        </configuration>
        """;

    public V3FeedServer(Action<string> log)
    {
        _log = log;
        Store = new PackageStore(Directory.CreateTempSubdirectory("diver-v3feed-").FullName);
        (_listener, Port) = Bind();
        BaseUrl = $"http://127.0.0.1:{Port}/";
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>Binds a port the kernel says is free; another process may win the race for it, so try again.</summary>
    static (HttpListener, int) Bind()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Pick();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < BindAttempts)
            {
                listener.Close();
            }
        }
    }

    async Task AcceptLoop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            // Restore asks for several packages at once: serve them side by side.
            _ = Task.Run(() => Handle(context));
        }
    }

    void Handle(HttpListenerContext context)
    {
        var request = new FeedRequest(context.Request);
        FeedResponse response;
        try
        {
            response = ServiceIndex.Serve(request, BaseUrl)
                ?? PublishEndpoint.Serve(request, Store, ApiKey)
                ?? FlatContainerEndpoint.Serve(request, Store)
                ?? SearchEndpoint.Serve(request, Store, BaseUrl)
                ?? FeedResponse.NotFound;
        }
        catch (Exception e)
        {
            Log($"v3 feed: {request.Method} {context.Request.Url} failed: {e}");
            response = FeedResponse.WithStatus(HttpStatusCode.InternalServerError, "Internal Server Error");
        }
        var line = $"{request.Method} {context.Request.Url!.PathAndQuery} -> {(int)response.Status}";
        _requests.Enqueue(line);
        if (response.Status == HttpStatusCode.NotFound)
            Log("v3 feed could not serve: " + line);
        Write(context.Response, response, request.Method == "HEAD");
    }

    static void Write(HttpListenerResponse target, FeedResponse response, bool headOnly)
    {
        try
        {
            target.StatusCode = (int)response.Status;
            target.StatusDescription = response.Reason;
            target.ContentType = response.ContentType;
            target.ContentLength64 = response.Body.Length;
            if (!headOnly) target.OutputStream.Write(response.Body);
            target.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client hung up (or the server is stopping); nothing is left to tell it.
        }
    }

    void Log(string message)
    {
        // The test output helper refuses writes once its test has finished; a late request is not worth a crash.
        try { _log(message); }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { }
        try { Directory.Delete(Store.Folder, recursive: true); }
        catch (IOException) { }
    }
}
