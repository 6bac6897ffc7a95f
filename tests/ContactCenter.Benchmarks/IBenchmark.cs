namespace ContactCenter.Benchmarks;

/// <summary>A load driver that measures one part of the product and returns its one-line summary.</summary>
internal interface IBenchmark
{
    /// <summary>The name used on the command line and as the prefix of the summary line.</summary>
    string Name { get; }

    /// <summary>Runs the benchmark, writing progress to <paramref name="log"/>; returns the figures for the summary line.</summary>
    Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken);
}
