using ContactCenter.Server.Hosting;

return await ServerHost.RunAsync(args);
