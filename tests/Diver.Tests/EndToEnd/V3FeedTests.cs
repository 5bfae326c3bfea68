using System.Text.Json;
using Diver.Tests.Infrastructure;
using Diver.Tests.Infrastructure.V3Feed;
using Xunit.Abstractions;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// Publishing and consuming kernels through a NuGet V3 server, as a team's feed would: the real
/// dotnet CLI pushes to and restores from a small HTTP server (Infrastructure/V3Feed), and
/// `dotnet diver search` reads it through NuGet.Protocol.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class V3FeedTests(DiverWorkspace workspace, ITestOutputHelper output)
{
    [Fact]
    public void Push_search_restore_build_and_run_over_a_V3_server()
    {
        using var server = new V3FeedServer(output.WriteLine);
        try
        {
            var kernel = Path.Combine(workspace.Feed, $"Diver.Kernel.Nautilus.{workspace.Version}.nupkg");
            var push = Push(server, kernel, V3FeedServer.ApiKey);
            Assert.True(push.ExitCode == 0, push.ToString());

            var again = Push(server, kernel, V3FeedServer.ApiKey);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains("409", again.Output);
            Assert.Contains($"A package with ID 'Diver.Kernel.Nautilus' and version '{workspace.Version}' already exists", again.Output);

            // As NuGet's own commands, search refuses plain HTTP unless nuget.config allows that source.
            var refused = workspace.Tool.Run(workspace.Root, "search", "nautilus", "--source", server.IndexUrl);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("error DIVER4007", refused.Output);
            Assert.Contains("allowInsecureConnections", refused.Output);

            var table = workspace.Tool.Run(Publisher(server), "search", "nautilus", "--source", server.IndexUrl, "--tag", "diver-kernel");
            Assert.True(table.ExitCode == 0, table.ToString());
            Assert.Matches($@"\| Diver\.Kernel\.Nautilus\s+\| {Regex(workspace.Version)}\s+\|", table.StandardOutput);

            var json = workspace.Tool.Run(Publisher(server), "search", "nautilus", "--source", "team-v3", "--tag", "diver-kernel", "--format", "json");
            Assert.True(json.ExitCode == 0, json.ToString());
            var found = Assert.Single(Packages(json.StandardOutput));
            Assert.Equal("Diver.Kernel.Nautilus", found.GetProperty("id").GetString());
            Assert.Equal(workspace.Version, found.GetProperty("latestVersion").GetString());

            // The CLI's own search reads the same endpoint.
            var cli = workspace.Dotnet.Run(Publisher(server), ["package", "search", "nautilus", "--source", "team-v3", "--prerelease", "--format", "json"], IsolatedHttpCache);
            Assert.True(cli.ExitCode == 0, cli.ToString());
            Assert.Equal(workspace.Version, Assert.Single(Packages(cli.StandardOutput)).GetProperty("latestVersion").GetString());

            // The app sees only the V3 server, so Diver.Sdk has to be published there too.
            var sdk = Push(server, Path.Combine(workspace.Feed, $"Diver.Sdk.{workspace.Version}.nupkg"), V3FeedServer.ApiKey);
            Assert.True(sdk.ExitCode == 0, sdk.ToString());
            var app = workspace.CreateApp("onv3");
            app.Write("nuget.config", server.NuGetConfig("team-v3"));
            // A packages folder of its own: the workspace's already holds the kernel from the folder feed.
            var dotnet = new Dotnet(Path.Combine(workspace.Root, "v3-nuget-packages"));
            var build = dotnet.Run(app.Directory, ["build", "-nologo"], IsolatedHttpCache);
            Assert.True(build.ExitCode == 0, build.ToString());
            var run = dotnet.Run(app.Directory, ["run", "--no-build", "-p:RunTimeout=120"], IsolatedHttpCache);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("Hello from onv3 on the Nautilus kernel!", run.StandardOutput);
            Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));

            var lower = workspace.Version.ToLowerInvariant();
            Assert.Contains(server.Requests, r => r.StartsWith($"GET /v3/flatcontainer/diver.kernel.nautilus/{lower}/diver.kernel.nautilus.{lower}.nupkg -> 200", StringComparison.Ordinal));
            Assert.DoesNotContain(server.Requests, r => r.EndsWith("-> 404", StringComparison.Ordinal));
            Assert.Contains(server.Requests, r => r.StartsWith($"GET /v3/flatcontainer/diver.sdk/{lower}/diver.sdk.{lower}.nupkg -> 200", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine("Requests the V3 feed served:");
            foreach (var request in server.Requests) output.WriteLine("  " + request);
        }
    }

    [Fact]
    public void Push_with_a_wrong_api_key_is_refused()
    {
        using var server = new V3FeedServer(output.WriteLine);

        var push = Push(server, Path.Combine(workspace.Feed, $"Diver.Kernel.Nautilus.{workspace.Version}.nupkg"), "not-the-key");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("403 (The API key is invalid for this feed)", push.Output);
        Assert.Empty(server.Store.All());
    }

    [Fact]
    public void Server_stops_and_releases_its_port_on_dispose()
    {
        int port;
        using (var server = new V3FeedServer(output.WriteLine))
            port = server.Port;

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public void Service_index_answers_HEAD_and_a_path_it_cannot_serve_is_logged()
    {
        var log = new List<string>();
        using var server = new V3FeedServer(line => { lock (log) log.Add(line); });
        using var http = new HttpClient();

        using var head = http.Send(new HttpRequestMessage(HttpMethod.Head, server.IndexUrl));
        using var missing = http.Send(new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "v3/registration/diver.kernel.nautilus/index.json"));

        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        lock (log) Assert.Contains(log, l => l.Contains("could not serve: GET /v3/registration/diver.kernel.nautilus/index.json -> 404", StringComparison.Ordinal));
    }

    /// <summary>NuGet's HTTP cache is keyed by URL; a folder of its own keeps the user's cache clean.</summary>
    Dictionary<string, string?> IsolatedHttpCache => new() { ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(workspace.Root, "v3-http-cache") };

    /// <summary>dotnet nuget push from a folder whose nuget.config names the server (push refuses a bare http URL).</summary>
    CommandResult Push(V3FeedServer server, string package, string apiKey)
    {
        return workspace.Dotnet.Run(Publisher(server), ["nuget", "push", package, "--source", server.IndexUrl, "--api-key", apiKey], IsolatedHttpCache);
    }

    /// <summary>A folder whose nuget.config names only the server, as source "team-v3".</summary>
    string Publisher(V3FeedServer server)
    {
        var publisher = Directory.CreateDirectory(Path.Combine(workspace.Root, $"v3-publisher-{server.Port}")).FullName;
        File.WriteAllText(Path.Combine(publisher, "nuget.config"), server.NuGetConfig("team-v3"));
        return publisher;
    }

    static IEnumerable<JsonElement> Packages(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("searchResult").EnumerateArray()
            .SelectMany(s => s.GetProperty("packages").EnumerateArray().ToList()).ToList();

    static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
