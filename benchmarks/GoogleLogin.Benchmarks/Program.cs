using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/GoogleLogin.Benchmarks -- --filter '*'   (add --job short for a quick run)
BenchmarkSwitcher.FromAssembly(typeof(GoogleLogin.Benchmarks.BenchmarkApp).Assembly).Run(args);
