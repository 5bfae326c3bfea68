namespace Diver;

/// <summary>
/// Every DIVERnnnn code in one place, so no two failures share a code and docs/errors.md can be
/// checked against it. 1xxx: project and kernel package; 2xxx: compile and link; 3xxx: run.
/// </summary>
public static class ErrorCodes
{
    public const string NoKernelReferenced = "DIVER1001";
    public const string SeveralKernelsReferenced = "DIVER1002";
    public const string ManifestMissing = "DIVER1003";
    public const string ManifestMalformed = "DIVER1004";
    public const string UnknownKernelConfig = "DIVER1005";
    public const string KernelFileMissing = "DIVER1006";
    public const string AssetsFileMissing = "DIVER1007";
    public const string NoSources = "DIVER1008";
    public const string BadPackageVersion = "DIVER1009";

    // 14xx: kernel packages, feeds, kernel projects and pack.
    public const string KernelPartMissing = "DIVER1401";
    public const string KernelManifestInvalid = "DIVER1402";
    public const string KernelPackageHasMsbuildCode = "DIVER1403";
    public const string KernelManifestIdMismatch = "DIVER1404";
    public const string ArchiverMissing = "DIVER1405";

    // 15xx: the Posix kernel (musl) and its apps.
    public const string MuslMissing = "DIVER1501";
    public const string GuestFileMissing = "DIVER1502";
    public const string KernelArchUnsupported = "DIVER1406";
    public const string ArchiveError = "DIVER1407";
    /// <summary>A kernel project still sets KernelCFlags or KernelBuildConfig: its flags live in the manifest now.</summary>
    public const string KernelFlagsInProject = "DIVER1408";

    public const string CompileError = "DIVER2001";
    public const string ClangMissing = "DIVER2002";
    public const string UndefinedSymbol = "DIVER2101";
    public const string LinkError = "DIVER2102";
    public const string LinkerMissing = "DIVER2103";
    public const string CompileWarning = "DIVER2201";
    public const string LinkWarning = "DIVER2202";
    public const string IsoToolMissing = "DIVER2301";
    public const string IsoFailed = "DIVER2302";
    public const string UnknownBootImage = "DIVER2303";

    public const string UnknownDeployMode = "DIVER3001";
    public const string QemuMissing = "DIVER3002";
    public const string NetMissing = "DIVER3003";
    public const string GuestPanic = "DIVER3004";
    public const string RunTimedOut = "DIVER3005";
    public const string Interrupted = "DIVER3006";
    public const string GuestReset = "DIVER3007";
    public const string QemuFailed = "DIVER3008";
    public const string BadResource = "DIVER3009";
    public const string BadCommandLine = "DIVER3010";
    public const string DeployModeNotInKernel = "DIVER3011";
    public const string DeployModeNotImplemented = "DIVER3012";
    public const string MemoryBelowKernelMinimum = "DIVER3013";
    public const string MemoryAboveHost = "DIVER3014";
    public const string GdbPortUnavailable = "DIVER3601";
    public const string UnknownMachine = "DIVER3602";
    public const string BootIsoMissing = "DIVER3603";
    public const string GuestArgumentsNeedKernelBoot = "DIVER3604";

    // 37xx: the kernel scheduler's run options.
    public const string BadTimeSlice = "DIVER3701";
    public const string BadIdlePolicy = "DIVER3702";
    public const string SchedulerOptionsNeedKernelBoot = "DIVER3703";

    public const string SplitVmNeedsTwoCores = "DIVER3501";
    public const string BadProxyCpus = "DIVER3502";
    public const string SandboxUnusable = "DIVER3503";
    public const string SharedMemoryUnavailable = "DIVER3504";

    // 40xx: dotnet diver search, info, list, fork.
    public const string FeedNotFound = "DIVER4001";
    public const string NotAKernelPackage = "DIVER4002";
    public const string PackageNotInAnyFeed = "DIVER4003";
    public const string ForkTargetNotEmpty = "DIVER4004";
    public const string FeedCommandNeedsTool = "DIVER4005";
    public const string PackageHasNoSource = "DIVER4006";
    public const string InsecureFeed = "DIVER4007";
    public const string PackageDamaged = "DIVER4008";

    // 42xx: reading feeds package by package (search, catalog) and dotnet diver catalog.
    public const string NoFeedReachable = "DIVER4200";
    /// <summary>A warning: one package of a feed cannot be read; the others are still listed.</summary>
    public const string UnreadablePackage = "DIVER4201";
    public const string CatalogOutputUnusable = "DIVER4202";

    // 16xx: pipeline projects (checked at build).
    public const string PipelineHasNoStages = "DIVER1601";
    public const string PipelineStageNameTaken = "DIVER1602";
    public const string PipelineUnknownStage = "DIVER1603";
    public const string PipelineCycle = "DIVER1604";
    public const string PipelineDependsOnStreamPartner = "DIVER1605";
    public const string PipelineKernelWithoutChannels = "DIVER1606";
    public const string PipelineStageProjectMissing = "DIVER1607";
    public const string PipelineStageNotAnApp = "DIVER1608";

    // 38xx: running a pipeline.
    public const string PipelineDoesNotFit = "DIVER3801";
    public const string PipelineStageFailed = "DIVER3802";
    /// <summary>A net run with --channel-in/--channel-out whose kernel does not declare channels.</summary>
    public const string KernelWithoutChannels = "DIVER3803";
    /// <summary>--channel-in/--channel-out names a file or descriptor that cannot be opened.</summary>
    public const string ChannelEndpointUnusable = "DIVER3804";

    // 39xx: Slurm.
    public const string ImageHashMismatch = "DIVER3901";
    public const string SlurmRefused = "DIVER3902";
    public const string SlurmMissing = "DIVER3903";
    public const string SlurmJobFailed = "DIVER3904";
    public const string SlurmJobUnknown = "DIVER3905";
    public const string UnknownScheduler = "DIVER3906";

    // 50xx: dotnet test (in-kernel tests).
    public const string TestsFailed = "DIVER5001";
    public const string BadTestFilter = "DIVER5002";
    public const string UnknownTestLogger = "DIVER5003";
    public const string BadTestTimeout = "DIVER5004";
    public const string TestNetDidNotList = "DIVER5005";
    public const string BadTestVms = "DIVER5006";
    public const string TestLauncherFailed = "DIVER5008";
    /// <summary>Raised by Diver.Test.targets (MSBuild Error task), listed here so the code stays unique.</summary>
    public const string KernelProjectHasNoTests = "DIVER5009";

    /// <summary>A bug in Diver rather than in the user's input.</summary>
    public const string InternalError = "DIVER9999";
}
