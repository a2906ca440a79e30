using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Llm;

/// <summary>The circuit's states on a clock the test moves: open on an unreachable endpoint, one trial after the break, closed by an answer.</summary>
public sealed class LlmEndpointCircuitTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    private readonly ManualClock _clock = new();
    private readonly RecordingLogger<LlmEndpointCircuit> _log = new();

    private LlmEndpointCircuit Create() =>
        new(Options.Create(new LlmOptions { CircuitBreakSeconds = (int)Break.TotalSeconds }), _clock, _log);

    [Fact]
    public void A_new_circuit_lets_every_attempt_through()
    {
        var circuit = Create();

        Assert.True(circuit.AllowsCalls);
        Assert.True(circuit.TryBeginAttempt(out var first));
        Assert.True(circuit.TryBeginAttempt(out var second));
        Assert.False(first || second);
    }

    [Fact]
    public void An_unreachable_endpoint_refuses_attempts_until_the_break_has_passed()
    {
        var circuit = Create();

        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break - TimeSpan.FromSeconds(1));

        Assert.False(circuit.AllowsCalls);
        Assert.False(circuit.TryBeginAttempt(out _));
        Assert.Equal(TimeSpan.FromSeconds(1), circuit.Rejection().RetryAfter);
    }

    [Fact]
    public void After_the_break_exactly_one_attempt_is_let_through_as_the_trial()
    {
        var circuit = Create();
        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break);

        Assert.True(circuit.TryBeginAttempt(out var isTrial));
        Assert.True(isTrial);
        Assert.False(circuit.AllowsCalls);
        Assert.False(circuit.TryBeginAttempt(out _));
    }

    [Fact]
    public void A_trial_the_endpoint_answers_closes_the_circuit()
    {
        var circuit = Create();
        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break);
        circuit.TryBeginAttempt(out _);

        circuit.RecordAnswered();

        Assert.True(circuit.TryBeginAttempt(out var first));
        Assert.True(circuit.TryBeginAttempt(out var second));
        Assert.False(first || second);
    }

    [Fact]
    public void A_failed_trial_opens_the_circuit_for_another_break()
    {
        var circuit = Create();
        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break);
        circuit.TryBeginAttempt(out _);

        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break - TimeSpan.FromSeconds(1));

        Assert.False(circuit.AllowsCalls);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(circuit.AllowsCalls);
    }

    [Fact]
    public void A_trial_that_ends_without_an_answer_hands_the_trial_to_the_next_attempt()
    {
        var circuit = Create();
        circuit.RecordUnreachable("Connection refused");
        _clock.Advance(Break);
        circuit.TryBeginAttempt(out var wasTrial);

        circuit.RecordInconclusive(wasTrial);

        Assert.True(circuit.TryBeginAttempt(out var isTrial));
        Assert.True(isTrial);
    }

    [Fact]
    public void An_attempt_other_than_the_trial_ending_without_an_answer_leaves_the_circuit_open()
    {
        var circuit = Create();
        circuit.TryBeginAttempt(out var wasTrial);
        circuit.RecordUnreachable("Connection refused");

        circuit.RecordInconclusive(wasTrial);

        Assert.False(circuit.AllowsCalls);
    }

    [Fact]
    public void An_outage_is_warned_about_once_however_many_breaks_it_lasts()
    {
        var circuit = Create();

        circuit.RecordUnreachable("Connection refused (127.0.0.1:9)");
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(Break);
            circuit.TryBeginAttempt(out _);
            circuit.RecordUnreachable("Connection refused (127.0.0.1:9)");
        }

        var warning = Assert.Single(_log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("Connection refused (127.0.0.1:9)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Llm:CircuitBreakSeconds", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_outage_after_the_endpoint_answered_again_is_warned_about_again()
    {
        var circuit = Create();
        circuit.RecordUnreachable("Connection refused");
        circuit.RecordAnswered();

        circuit.RecordUnreachable("Connection refused");

        Assert.Equal(2, _log.Entries.Count(e => e.Level >= LogLevel.Warning));
    }
}
