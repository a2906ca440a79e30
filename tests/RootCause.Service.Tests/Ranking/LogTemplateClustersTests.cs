using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class LogTemplateClustersTests
{
    [Fact]
    public void The_same_statement_with_different_words_is_one_cluster()
    {
        var keys = LogTemplateClusters.Of(
        [
            ("order", "INFO <*> left ticket info start shanghai dest suzhou", 30),
            ("order", "INFO <*> left ticket info start beijing dest nanjing", 20),
        ]);

        Assert.Equal(keys[("order", "INFO <*> left ticket info start shanghai dest suzhou")], keys[("order", "INFO <*> left ticket info start beijing dest nanjing")]);
    }

    [Fact]
    public void Different_statements_stay_apart()
    {
        var keys = LogTemplateClusters.Of(
        [
            ("order", "INFO <*> left ticket info start shanghai", 30),
            ("order", "ERROR <*> no contacts for id found", 5),
            ("order", "INFO <*> left ticket info start beijing", 10),
        ]);

        Assert.NotEqual(keys[("order", "INFO <*> left ticket info start shanghai")], keys[("order", "ERROR <*> no contacts for id found")]);
        Assert.Equal(keys[("order", "INFO <*> left ticket info start shanghai")], keys[("order", "INFO <*> left ticket info start beijing")]);
    }

    [Fact]
    public void Clusters_do_not_depend_on_the_order_templates_arrive_in()
    {
        (string, string, long)[] templates =
        [
            ("a", "get user alice ok", 3),
            ("a", "get user bob ok", 3),
            ("a", "put item alice failed", 9),
            ("a", "get user carol ok", 1),
        ];

        var forward = LogTemplateClusters.Of(templates);
        var backward = LogTemplateClusters.Of(templates.Reverse());

        Assert.Equal(forward.OrderBy(k => k.Key.Template, StringComparer.Ordinal), backward.OrderBy(k => k.Key.Template, StringComparer.Ordinal));
    }
}
