using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ContactCenter.EndToEnd.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContactCenter.Benchmarks;

/// <summary>
/// Calls through two real Asterisk 22.5 sites (the end-to-end fixture: shipped telephony-config, the real server,
/// sipp callers and phones) at rising rates. Each caller walks the hotline IVR, keys 保单服务 and hangs up 5–30 s
/// later (in the queue, talking or in the survey); six seats a site answer after 0.3 s and talk 8 s. Per rate it prints
/// the calls, the peak of concurrent calls Asterisk reported, lost calls (no contact record), stuck records (still
/// open 60 s after the last caller), the ring→pop latency (AgentCalled's Timestamp, carried as the pop's ringingAt, to
/// the seat's SignalR client having CallOffered) and this process's CPU per call (the server plus the desk clients;
/// Asterisk and sipp are other processes). Options: --rates 2,5 (calls/s), --seconds 30 (per rate).
/// </summary>
internal sealed partial class AsteriskLoadBenchmark : IBenchmark
{
    public string Name => "asterisk-load";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var rates = Option(args, "--rates", "2,5").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var seconds = int.Parse(Option(args, "--seconds", "30"), CultureInfo.InvariantCulture);
        await using var center = await CenterFixture.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:ContactCenter"] = "Warning" });
        var latencies = new List<double>();
        foreach (var site in new[] { center.Gz, center.Sh })
        {
            foreach (var extension in site.Seats)
            {
                var seat = await center.SeatAsync(site, extension, SippScenario.Answering(ringMs: 300).HangUpWithin(8000));
                seat.Desk.Connection.On<JsonElement>("CallOffered", delta =>
                {
                    var arrived = DateTimeOffset.UtcNow;
                    var rang = delta.GetProperty("call").GetProperty("ringingAt").GetDateTimeOffset();
                    lock (latencies)
                    {
                        latencies.Add((arrived - rang).TotalMilliseconds);
                    }
                });
            }
        }

        var summary = new List<string>();
        var phase = 0;
        foreach (var rate in rates)
        {
            lock (latencies)
            {
                latencies.Clear();
            }

            var perSite = (int)Math.Round(rate * seconds / 2);
            var numbers = new[] { await center.CustomerWithoutComplaintAsync(skip: 100 + (phase * 2)), await center.CustomerWithoutComplaintAsync(skip: 101 + (phase * 2)) };
            phase++;
            log.WriteLine($"{rate} calls/s for {seconds} s: {perSite * 2} calls");
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var callers = new[] { center.Gz, center.Sh }.Select((site, i) => center.Call(site, SippScenario.Caller(numbers[i], $"load-{site.Code}")
                .Pause(center.MainMenuKeyAt()).Keys("2").PauseBetween(5000, 30_000).HangUpWithin(1), slot: 10 + phase, calls: perSite, rate: rate / 2, limit: 400)).ToList();

            var peak = 0;
            var running = Task.WhenAll(callers.Select(c => c.WaitAsync(TimeSpan.FromSeconds(seconds + 120))));
            while (!running.IsCompleted)
            {
                peak = Math.Max(peak, await ActiveCallsAsync(center.SiteGz, cancellationToken) + await ActiveCallsAsync(center.SiteSh, cancellationToken));
                await Task.WhenAny(running, Task.Delay(1000, cancellationToken));
            }

            await running;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            IReadOnlyList<ContactRow> rows;
            do
            {
                await Task.Delay(500, cancellationToken);
                rows = await center.QueryAsync<ContactRow>("SELECT * FROM contacts WHERE caller_number IN @numbers", new { numbers });
            }
            while (rows.Any(r => r.EndedAt is null) && DateTime.UtcNow < deadline);

            var cpuPerCall = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / (perSite * 2);
            // Asterisk's own truth: every caller that reached a queue has an ENTERQUEUE line with its number. A call
            // Asterisk queued without a contact record is lost by the product; one sipp placed that never reached a
            // queue was refused or dropped before (sipp counts it failed).
            var queued = new[] { center.SiteGz, center.SiteSh }.SelectMany(s => s.QueueLog())
                .Where(l => l.Event == "ENTERQUEUE" && l.Data.Count > 1 && numbers.Contains(l.Data[1]))
                .Select(l => l.CallId).ToHashSet(StringComparer.Ordinal);
            var recorded = rows.Select(r => r.CallId).ToHashSet(StringComparer.Ordinal);
            var lost = queued.Count(id => !recorded.Contains(id));
            var sippFailed = callers.Sum(FailedCalls);
            var stuck = rows.Count(r => r.EndedAt is null);
            List<double> sorted;
            lock (latencies)
            {
                sorted = [.. latencies.Order()];
            }

            var p99 = sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(0.99 * sorted.Count))];
            var p50 = sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
            log.WriteLine($"  peak {peak} concurrent calls; {rows.Count} records, {queued.Count} queued in Asterisk's queue_log, {sippFailed} failed in sipp; "
                + $"outcomes {string.Join(", ", rows.GroupBy(r => r.Outcome ?? "open").Select(g => $"{g.Key} {g.Count()}"))}; {sorted.Count} pops, ring→pop p50 {p50:0.0} ms");
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"{perSite * 2} calls at {rate:0.#} calls/s (peak {peak} concurrent), {lost} lost, {stuck} stuck, {(perSite * 2) - queued.Count} not queued by Asterisk, ring→pop p99 {p99:0.0} ms, server CPU {cpuPerCall:0.0} ms/call"));
            foreach (var caller in callers)
            {
                await caller.DisposeAsync();
            }
        }

        return string.Join("; ", summary);
    }

    /// <summary>sipp's own count of failed calls, from the last statistics screen it printed.</summary>
    private static int FailedCalls(Sipp caller)
    {
        var output = Path.Combine(caller.Directory, "sipp.out");
        var matches = File.Exists(output) ? FailedCall().Matches(File.ReadAllText(output)) : null;
        return matches is { Count: > 0 } ? int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Failed call\s*\|\s*\d+\s*\|\s*(\d+)")]
    private static partial System.Text.RegularExpressions.Regex FailedCall();

    private static async Task<int> ActiveCallsAsync(AsteriskSite site, CancellationToken cancellationToken)
    {
        // "N active calls" (one per caller channel; agent legs are counted as channels, not calls).
        var text = await site.CliAsync("core show channels count", cancellationToken);
        var line = text.Split('\n').FirstOrDefault(l => l.Contains("active call", StringComparison.Ordinal));
        return line is not null && int.TryParse(line.Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
