namespace Diver.Pipelines;

/// <summary>
/// A pipeline's stages checked and cut into <see cref="StreamGroup"/>s: names are unique, every
/// Input and DependsOn names a stage, there is no cycle, no stage waits for the exit of a stage it
/// streams with, and every streamed stage's kernel speaks the channel ABI.
/// </summary>
public sealed class PipelineGraph
{
    public IReadOnlyList<PipelineStage> Stages { get; }
    public IReadOnlyList<StreamGroup> Groups { get; }

    PipelineGraph(IReadOnlyList<PipelineStage> stages, IReadOnlyList<StreamGroup> groups)
    {
        Stages = stages;
        Groups = groups;
    }

    public static PipelineGraph Build(IReadOnlyList<PipelineStage> stages)
    {
        if (stages.Count == 0)
            throw new DiverException(ErrorCodes.PipelineHasNoStages,
                "The pipeline has no stages. Add <Stage Include=\"../app/app.diverproj\" /> items to the pipeline project.");
        var byName = IndexByName(stages);
        foreach (var stage in stages)
        {
            CheckNames(stage, stage.Inputs, "Input", byName);
            CheckNames(stage, stage.DependsOn, "DependsOn", byName);
        }
        CheckNoCycle(stages, byName);
        CheckChannels(stages);
        var groupOf = GroupByStreams(stages, byName);
        return new PipelineGraph(stages, MakeGroups(stages, byName, groupOf));
    }

    /// <summary>Stages whose output no stage reads: their output goes to the terminal.</summary>
    public IReadOnlyList<PipelineStage> TerminalStages =>
        [.. Stages.Where(s => !Stages.Any(other => other.Inputs.Contains(s.Name, StringComparer.OrdinalIgnoreCase)))];

    static Dictionary<string, int> IndexByName(IReadOnlyList<PipelineStage> stages)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < stages.Count; i++)
        {
            if (!byName.TryAdd(stages[i].Name, i))
                throw new DiverException(ErrorCodes.PipelineStageNameTaken,
                    $"Two stages are named '{stages[i].Name}'. Give one of them another name with Name=\"...\" on its Stage item.");
        }
        return byName;
    }

    static void CheckNames(PipelineStage stage, IReadOnlyList<string> names, string attribute, Dictionary<string, int> byName)
    {
        foreach (var name in names)
        {
            if (!byName.ContainsKey(name))
                throw new DiverException(ErrorCodes.PipelineUnknownStage,
                    $"Stage '{stage.Name}' has {attribute}=\"{name}\", but no stage is named '{name}'. " +
                    $"Use one of: {string.Join(", ", byName.Keys)}.");
            if (string.Equals(name, stage.Name, StringComparison.OrdinalIgnoreCase))
                throw new DiverException(ErrorCodes.PipelineCycle,
                    $"Stage '{stage.Name}' names itself in {attribute}. A stage cannot read or wait for itself: remove it.");
        }
    }

    /// <summary>Streams and DependsOn edges together must form no cycle: name one if they do.</summary>
    static void CheckNoCycle(IReadOnlyList<PipelineStage> stages, Dictionary<string, int> byName)
    {
        // 0 = not visited, 1 = on the current path, 2 = done.
        var state = new int[stages.Count];
        var path = new List<int>();
        for (var i = 0; i < stages.Count; i++)
            Visit(i);

        void Visit(int i)
        {
            if (state[i] == 2) return;
            if (state[i] == 1)
            {
                var cycle = path.Skip(path.IndexOf(i)).Append(i).Select(k => stages[k].Name);
                throw new DiverException(ErrorCodes.PipelineCycle,
                    $"The stages form a cycle: {string.Join(" -> ", cycle)} (through Input and DependsOn). Remove one of those edges.");
            }
            state[i] = 1;
            path.Add(i);
            foreach (var upstream in stages[i].Inputs.Concat(stages[i].DependsOn))
                Visit(byName[upstream]);
            path.RemoveAt(path.Count - 1);
            state[i] = 2;
        }
    }

    static void CheckChannels(IReadOnlyList<PipelineStage> stages)
    {
        foreach (var stage in stages)
        {
            var streamed = stage.Inputs.Count > 0 || stages.Any(s => s.Inputs.Contains(stage.Name, StringComparer.OrdinalIgnoreCase));
            if (streamed && !stage.SupportsChannels)
                throw new DiverException(ErrorCodes.PipelineKernelWithoutChannels,
                    $"Stage '{stage.Name}' streams to or from another stage, but its kernel {stage.Kernel} does not implement Diver channels. " +
                    "Run it as a batch step (DependsOn, handing over files), or use a kernel whose manifest declares channels.");
        }
    }

    /// <summary>Union-find over the Input edges: each set is one <see cref="StreamGroup"/>.</summary>
    static int[] GroupByStreams(IReadOnlyList<PipelineStage> stages, Dictionary<string, int> byName)
    {
        var parent = Enumerable.Range(0, stages.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var i = 0; i < stages.Count; i++)
            foreach (var input in stages[i].Inputs)
                parent[Find(byName[input])] = Find(i);
        return [.. Enumerable.Range(0, stages.Count).Select(Find)];
    }

    static List<StreamGroup> MakeGroups(IReadOnlyList<PipelineStage> stages, Dictionary<string, int> byName, int[] rootOf)
    {
        // Groups are numbered in the order their first stage is declared, so plans read top-down.
        var roots = rootOf.Distinct().ToList();
        var indexOfRoot = roots.Select((root, index) => (root, index)).ToDictionary(p => p.root, p => p.index);
        var groups = new List<StreamGroup>();
        foreach (var root in roots)
        {
            var members = Enumerable.Range(0, stages.Count).Where(i => rootOf[i] == root).ToList();
            var predecessors = new SortedSet<int>();
            foreach (var member in members)
            {
                foreach (var dependency in stages[member].DependsOn)
                {
                    var group = indexOfRoot[rootOf[byName[dependency]]];
                    if (rootOf[byName[dependency]] == root)
                        throw new DiverException(ErrorCodes.PipelineDependsOnStreamPartner,
                            $"Stage '{stages[member].Name}' depends on '{dependency}', but they are joined by streams and must run at the same time. " +
                            "Drop the DependsOn, or hand the data over as a file instead of a stream.");
                    predecessors.Add(group);
                }
            }
            groups.Add(new StreamGroup(groups.Count, [.. members.Select(i => stages[i])]) { Predecessors = [.. predecessors] });
        }
        return groups;
    }
}
