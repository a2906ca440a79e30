using AnomalyPlatform.Bench;

return await BenchCli.Create().Parse(args).InvokeAsync();
