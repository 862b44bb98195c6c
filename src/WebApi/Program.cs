using System.Reflection;
using GoogleLogin.Application;
using GoogleLogin.Application.Auth.GetSignInOptions;
using GoogleLogin.Application.Common.Interfaces;
using GoogleLogin.Infrastructure;
using GoogleLogin.Infrastructure.Identity.Development;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.WebApi;
using GoogleLogin.WebApi.Configuration;
using GoogleLogin.WebApi.Endpoints;
using GoogleLogin.WebApi.Logging;
using GoogleLogin.WebApi.Security;
using Mediator;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;

// A start-up failure the operator fixes with a setting or a free port is one readable line and exit code 1; a stack trace
// would bury it. Anything else is a bug, and keeps its trace. A host that runs this entry point itself (the tests'
// WebApplicationFactory, the build writing the OpenAPI document) gets the exception instead.
var startedAsTheApp = Assembly.GetEntryAssembly() == typeof(Program).Assembly;
// Until then, the host's own "failed to start" line (with its stack trace) is left out for such a failure.
var serving = false;
try
{
    // The build runs the app's entry point to write its OpenAPI document (docs/openapi.json). It runs as
    // Development, where development sign-in is active, so the document also describes those endpoints,
    // and it touches no database.
    var writingOpenApiDocument = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        EnvironmentName = writingOpenApiDocument ? Environments.Development : null,
        // appsettings*.json are read from the app's own folder, wherever it is started from, not from the current
        // directory (which would silently run another folder's settings, or none). A host that names a content root
        // (--contentRoot, ASPNETCORE_CONTENTROOT, the tests' WebApplicationFactory) keeps it.
        ContentRootPath = ContentRoot.IsChosenByHost(args) ? null : AppContext.BaseDirectory,
        // The built SPA lives in wwwroot beside the project, and is copied beside the assembly, so the
        // app serves it whichever folder it is started from.
        WebRootPath = Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot"))
            ? null
            : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    });

    if (writingOpenApiDocument)
    {
        // Whatever client IDs the machine's environment sets, the document includes those endpoints.
        builder.Configuration["Auth:Google:Development:Enabled"] = "true";
    }

    // Serilog writes the console; the default providers would print every line twice.
    builder.Logging.ClearProviders();
    builder.Services.AddSerilog(
        (services, logger) => RedirectQueryRedaction.Install(logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            // The host logs a failed start with its stack trace; a failure the operator fixes is printed once, readably, below.
            .Filter.ByExcluding(logEvent => startedAsTheApp && !serving && StartupFailure.Describe(logEvent.Exception) is not null))
            // One event per line, whatever text from a request or a token its values carry.
            .WriteTo.Console(new SingleLineTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {SourceContext} {TraceId} {RequestId}{NewLine}{Exception}")),
        // Each host logs through its own logger. With the shared static Log.Logger, the last host built in a
        // process (tests start several) would receive every other host's events.
        preserveStaticLogger: true,
        // Other registered logger providers (a host's own, or a test's) still receive every event.
        writeToProviders: true);

    builder.Services
        .AddApplication(builder.Configuration)
        .AddInfrastructure(builder.Configuration, builder.Environment)
        .AddWebApi();
    if (writingOpenApiDocument)
    {
        // The document needs no background work, and some touches the database (Data Protection reads its key ring as the host starts).
        builder.Services.RemoveAll<IHostedService>();
    }

    var app = builder.Build();

    // Check configuration before touching the database, so a misconfigured instance changes nothing.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    ReverseProxyOptions.RefuseTrustingEveryProxy(
        app.Configuration, app.Environment, app.Services.GetRequiredService<DevelopmentSignIn>().IsActive);
    DevelopmentIdentityEndpoints.RefuseListeningBeyondThisMachine(app.Configuration, app.Services.GetRequiredService<DevelopmentSignIn>().IsActive);
    PublicOrigin.RequireForRedirectSignIn(app.Services, app.Environment, app.Services.GetServices<IAuthorizationCodeClient>().Any());
    // Read once: it decides which endpoints and checks exist, and the banner names it.
    SignInOptions signInOptions;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        signInOptions = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetSignInOptionsQuery());
    }

    // First, so that every answer names the instance, whatever later writes it.
    app.UseInstanceHeader();

    var forwardedHeaders = new ForwardedHeadersOptions();
    if (ReverseProxyOptions.TryConfigure(app.Configuration, forwardedHeaders))
    {
        // Before everything that reads the scheme (cookie flags, origin checks) or the client address.
        app.UseForwardedHeaders(forwardedHeaders);
    }

    // Outermost, so the logged status is the one the client got after error handling.
    app.UseSerilogRequestLogging(options =>
    {
        options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        options.GetLevel = RequestLogLevel.For;
    });
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseMiddleware<SecurityHeadersMiddleware>();
    // Before routing: a request naming another host than the public origin reaches no endpoint.
    app.UseOnlyThePublicHost();
    app.UseRouting();
    app.UseSpaStaticFiles();
    if (signInOptions.DevelopmentSignIn)
    {
        app.UseDevelopmentIdentityOnlyFromThisMachine();
    }

    app.UseMiddleware<CsrfProtectionMiddleware>();
    app.UseMiddleware<RequestBodyLimitMiddleware>();
    app.UseMiddleware<JsonContentTypeMiddleware>();
    app.UseBrowserNavigationChecks();
    // After the checks that cost nothing, so forged and malformed requests (and another site's images) do not use up a
    // client's allowance.
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapOpenApi();
    // The product's own endpoints, marked as such in this one place: the contract tests check exactly these
    // against docs/api.md, so an app's own endpoints, mapped on `app` below, never break them.
    var product = app.MapGroup(string.Empty).WithMetadata(ProductEndpoint.Metadata);
    product.MapHealthEndpoints();
    product.MapSignInEndpoints();
    product.MapRedirectSignInEndpoints();
    product.MapSessionEndpoints();
    product.MapUsersEndpoints();
    product.MapReauthenticationEndpoints();
    if (signInOptions.DevelopmentSignIn)
    {
        product.MapDevelopmentIdentityEndpoints();
    }

    // Your app's own endpoints go here: see docs/build-your-app.md.

    // Still before touching the database: a provider named after a route would never be reached.
    ProviderRoutes.EnsureNoProviderTakesARoute(app, app.Services.GetServices<IIdentityTokenVerifier>());
    if (!writingOpenApiDocument)
    {
        await app.Services.InitializeDatabaseAsync();
        // The build starts the host to write the document: it serves nobody, so it has nothing to announce.
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Log(app, signInOptions));
    }

    app.Lifetime.ApplicationStarted.Register(() => serving = true);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (startedAsTheApp && StartupFailure.Describe(exception) is var (lines, exitCode))
{
    foreach (var line in lines)
    {
        Console.Error.WriteLine(line);
    }

    return exitCode;
}

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
