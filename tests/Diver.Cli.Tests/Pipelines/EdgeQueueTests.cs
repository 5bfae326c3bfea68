using Diver.Cli.Pipelines;

namespace Diver.Cli.Tests.Pipelines;

/// <summary>
/// An Input edge between the runner's tee and feeder: bounded while its reader takes from it (a slow
/// reader holds the producer back), spilled to a file with no name while its reader is still on an
/// earlier Input (so readers listing shared producers in different orders cannot stall each other),
/// and in order either way.
/// </summary>
public sealed class EdgeQueueTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("edgequeue-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static Thread Producer(Action add)
    {
        var thread = new Thread(() => add()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    static ReadOnlyMemory<byte> Chunk(int i) => Enumerable.Repeat((byte)i, 1000 + i).ToArray();

    [Fact]
    public void An_edge_its_reader_has_not_reached_takes_every_chunk_at_once_and_gives_them_back_in_order()
    {
        using var edge = new EdgeQueue(bound: 2, folder);

        for (var i = 0; i < 10; i++)
            edge.Add(Chunk(i), CancellationToken.None); // would block past 2 if it were bounded now
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // the spill file has no name
        edge.CompleteAdding();

        var received = edge.Take(CancellationToken.None).SelectMany(c => c.ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => Chunk(i).ToArray()), received);
    }

    [Fact]
    public void An_edge_being_read_holds_its_producer_back_at_the_bound()
    {
        using var edge = new EdgeQueue(bound: 2, folder);
        using var reader = edge.Take(CancellationToken.None).GetEnumerator();
        edge.Add(Chunk(0), CancellationToken.None);
        Assert.True(reader.MoveNext()); // from here on the reader is on this edge
        edge.Add(Chunk(1), CancellationToken.None);
        edge.Add(Chunk(2), CancellationToken.None);

        var third = Producer(() => edge.Add(Chunk(3), CancellationToken.None));
        Assert.False(third.Join(TimeSpan.FromMilliseconds(300)), "a third chunk went in past the bound of 2");
        Assert.True(reader.MoveNext());
        Assert.True(third.Join(TimeSpan.FromSeconds(10)), "taking a chunk did not let the producer go on");
        edge.CompleteAdding();

        var rest = new List<byte>(reader.Current.ToArray());
        while (reader.MoveNext()) rest.AddRange(reader.Current.ToArray());
        Assert.Equal(new[] { 1, 2, 3 }.SelectMany(i => Chunk(i).ToArray()), rest);
    }

    [Fact]
    public void Chunks_spilled_before_the_reader_came_still_come_before_the_ones_after()
    {
        using var edge = new EdgeQueue(bound: 1, folder);
        edge.Add(Chunk(0), CancellationToken.None);
        edge.Add(Chunk(1), CancellationToken.None); // spilled
        using var reader = edge.Take(CancellationToken.None).GetEnumerator();
        Assert.True(reader.MoveNext());
        Assert.Equal(Chunk(0).ToArray(), reader.Current.ToArray());

        var late = Producer(() => edge.Add(Chunk(2), CancellationToken.None)); // must queue behind the spilled chunk
        Assert.True(reader.MoveNext());
        Assert.Equal(Chunk(1).ToArray(), reader.Current.ToArray());
        Assert.True(late.Join(TimeSpan.FromSeconds(10)));
        edge.CompleteAdding();
        Assert.True(reader.MoveNext());
        Assert.Equal(Chunk(2).ToArray(), reader.Current.ToArray());
        Assert.False(reader.MoveNext());
    }
}
