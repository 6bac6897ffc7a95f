namespace ContactCenter.Benchmarks;

/// <summary>Every benchmark the console program can run. Add new ones here.</summary>
internal static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new BridgeBenchmark(),
        new AmiBenchmark(),
        new AgiBenchmark(),
        new ComplaintBenchmark(),
        new DesktopBenchmark(),
    ];
}
