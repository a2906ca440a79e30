using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace AnomalyPlatform.Cli.Logging;

/// <summary>
/// The console's log format for the command line: the default's layout (<c>warn: Category[id]</c>, the message indented
/// below), but an error that the machine's surroundings caused (an endpoint down, refused or gone) is told in one line
/// of its exceptions' types and messages instead of their stack traces, which say nothing to a user and bury the
/// warnings that do. Any other exception (a fault of the program) keeps its stack trace.
/// </summary>
internal sealed class CommandLineLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "command-line";

    private const string Indent = "      ";

    // As the default format: the level in colour on a terminal, plain text in a pipe or a file.
    private static readonly bool Colours = !Console.IsOutputRedirected;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder();
        line.Append(Level(logEntry.LogLevel)).Append(": ").Append(logEntry.Category)
            .Append('[').Append(logEntry.EventId.Id).Append(']').AppendLine();
        if (!string.IsNullOrEmpty(message))
        {
            line.Append(Indent).AppendLine(message.ReplaceLineEndings(Environment.NewLine + Indent));
        }

        if (logEntry.Exception is { } exception)
        {
            var text = IsEnvironmental(exception) ? OneLine(exception) : exception.ToString();
            line.Append(Indent).AppendLine(text.ReplaceLineEndings(Environment.NewLine + Indent));
        }

        textWriter.Write(line);
    }

    /// <summary>An error of the surroundings: a broker or HTTP endpoint that refused, failed or did not answer.</summary>
    internal static bool IsEnvironmental(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>HttpRequestException: Connection refused (localhost:4566) ---> SocketException: Connection refused</c>.</summary>
    internal static string OneLine(Exception exception)
    {
        var text = new StringBuilder();
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(inner.GetType().Name).Append(": ").Append(inner.Message.ReplaceLineEndings(" "));
            if (inner is AmazonServiceException)
            {
                // The service's answer says it all; the SDK's internal exception under it only says its own type.
                break;
            }
        }

        return text.ToString();
    }

    private static string Level(LogLevel level)
    {
        var (name, colour) = level switch
        {
            LogLevel.Trace => ("trce", "\e[37m"),
            LogLevel.Debug => ("dbug", "\e[37m"),
            LogLevel.Information => ("info", "\e[32m"),
            LogLevel.Warning => ("warn", "\e[33m"),
            LogLevel.Error => ("fail", "\e[31m"),
            LogLevel.Critical => ("crit", "\e[1m\e[31m"),
            _ => (level.ToString(), ""),
        };
        return Colours && colour.Length > 0 ? $"{colour}{name}\e[0m" : name;
    }
}
