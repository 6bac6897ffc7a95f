using ContactCenter.Benchmarks;

// dotnet run -c Release --project tests/ContactCenter.Benchmarks -- <name> [options]
// Runs one named benchmark; its last line is "<name>: <figures>".
var benchmarks = BenchmarkCatalog.All.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: ContactCenter.Benchmarks <name> [options]");
    Console.Error.WriteLine("benchmarks: " + string.Join(", ", benchmarks.Keys.Order()));
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var summary = await benchmark.RunAsync(args[1..], Console.Out, cts.Token);
Console.WriteLine($"{benchmark.Name}: {summary}");
return 0;
