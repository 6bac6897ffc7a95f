namespace ContactCenter.Benchmarks;

/// <summary>
/// Every benchmark the console program can run: each non-abstract <see cref="IBenchmark"/> in this assembly with a
/// parameterless constructor, so a new benchmark needs no registration (a hand-kept list lost entries before).
/// </summary>
internal static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
        typeof(IBenchmark).Assembly.GetTypes()
            .Where(type => typeof(IBenchmark).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
            .Select(type => (IBenchmark)Activator.CreateInstance(type)!)
            .OrderBy(benchmark => benchmark.Name, StringComparer.Ordinal)
            .ToList();
}
