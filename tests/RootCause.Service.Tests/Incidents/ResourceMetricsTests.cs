using AnomalyPlatform.RootCause.Incidents;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

public sealed class ResourceMetricsTests
{
    [Theory]
    [InlineData("cpu_percent", true, false)]
    [InlineData("process_cpu_utilization", true, false)]
    [InlineData("memory_mb", false, true)]
    [InlineData("container_memory_working_set_bytes", false, true)]
    [InlineData("jvm_heap_used", false, true)]
    [InlineData("request_rate", false, false)]
    [InlineData("latency_p99_ms", false, false)]
    public void A_metric_is_cpu_or_memory_by_its_name(string name, bool cpu, bool memory)
    {
        Assert.Equal(cpu, ResourceMetrics.IsCpu(name));
        Assert.Equal(memory, ResourceMetrics.IsMemory(name));
        Assert.Equal(cpu || memory, ResourceMetrics.IsResource(name));
    }

    [Fact]
    public void A_resource_named_with_a_failure_is_a_symptom_in_the_traffic_vote_but_still_memory_to_the_ranking()
    {
        Assert.True(ResourceMetrics.IsMemory("memory_errors"));
        Assert.True(TrafficChange.IsSymptom("memory_errors"));
        Assert.False(TrafficChange.IsSymptom("memory_mb"));
    }
}
