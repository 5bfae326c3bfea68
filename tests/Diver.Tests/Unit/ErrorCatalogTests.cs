using System.Reflection;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.Unit;

public sealed class ErrorCatalogTests
{
    static IReadOnlyList<string> Codes() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = Codes();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^DIVER[0-9]{4}$", c));
    }

    [Fact]
    public void Every_code_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "errors.md"));

        Assert.All(Codes(), c => Assert.Contains($"| {c} |", doc));
    }
}
