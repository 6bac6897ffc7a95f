using ContactCenter.Scheduling.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ContactCenter.Scheduling.Tests.Hosting;

public sealed class SchedulingSetupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Hosted_scheduler_starts_runs_a_job_and_stops_with_the_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddContactCenterScheduling();
        var ran = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddSingleton(ran);
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(Timeout);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask().WaitAsync(Timeout);
        var metadata = await scheduler.GetMetadata().AsTask().WaitAsync(Timeout);
        Assert.That(metadata.SchedulerName, Is.EqualTo("ContactCenter"));

        var job = JobBuilder.Create<SignalJob>().WithIdentity("signal").UsingJobData("payload", "tick-1").Build();
        await scheduler.ScheduleJob(job, TriggerBuilder.Create().StartNow().Build()).AsTask().WaitAsync(Timeout);
        Assert.That(await ran.Task.WaitAsync(Timeout), Is.EqualTo("tick-1"));
        Assert.That(await scheduler.GetStatus().AsTask().WaitAsync(Timeout), Is.EqualTo(SchedulerStatus.Running));

        await host.StopAsync().WaitAsync(Timeout);
        Assert.That(await scheduler.GetStatus().AsTask().WaitAsync(Timeout), Is.EqualTo(SchedulerStatus.Shutdown));
    }

    [Test]
    public void Out_of_range_concurrency_stops_start_up_with_the_setting_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Scheduling:MaxConcurrency"] = "0";
        builder.AddContactCenterScheduling();
        using var host = builder.Build();

        var error = Assert.CatchAsync(() => host.StartAsync().WaitAsync(Timeout));
        Assert.That(error!.Message, Does.Contain("MaxConcurrency"));
    }

    [Test]
    public async Task Disabled_scheduling_registers_no_scheduler()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Scheduling:Enabled"] = "false";
        builder.AddContactCenterScheduling();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Timeout);

        Assert.That(host.Services.GetService<ISchedulerFactory>(), Is.Null);
        await host.StopAsync().WaitAsync(Timeout);
    }

    private sealed class SignalJob(TaskCompletionSource<string> ran) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            ran.TrySetResult(context.MergedJobDataMap.GetString("payload") ?? "");
            return ValueTask.CompletedTask;
        }
    }
}
