using ContactCenter.Server.Hosting;
using ContactCenter.Telephony.Ivr;

// `ivr validate <dir>` / `ivr prompts <dir> <out>`: the IVR administrator's tools; otherwise run the server.
if (args is ["ivr", ..])
{
    return await IvrCommandLine.RunAsync(args[1..], Console.Out, CancellationToken.None);
}

return await ServerHost.RunAsync(args);
