namespace AnomalyPlatform.Deploy;

/// <summary>A Fargate task's size: CPU units (1024 = 1 vCPU) and memory in MiB, a combination Fargate offers.</summary>
public sealed record ServiceSize(int Cpu, int MemoryMiB);
