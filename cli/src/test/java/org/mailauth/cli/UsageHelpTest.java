package org.mailauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help of every command and subcommand, found by walking picocli's tree: it renders without picocli warnings,
 * each paragraph is a whole sentence, and wrapped lines read as the text was written (no line break inside a
 * word or a default value). A usage error shows the usage of the command that was given.
 */
class UsageHelpTest {

    /** Every command, as the words after "mailauth" that call it ("" for mailauth itself, "dkim verify"...). */
    static Stream<String> commands() {
        List<String> commands = new ArrayList<>();
        collect(MailauthCommand.commandLine(), commands);
        return commands.stream();
    }

    private static void collect(CommandLine command, List<String> commands) {
        commands.add(command.getCommandSpec().qualifiedName(" ").replaceFirst("^mailauth ?", ""));
        command.getSubcommands().values().forEach(subcommand -> collect(subcommand, commands));
    }

    private static CommandLine commandLine(String command) {
        CommandLine commandLine = MailauthCommand.commandLine();
        for (String word : words(command)) {
            commandLine = commandLine.getSubcommands().get(word);
        }
        return commandLine;
    }

    private static List<String> words(String command) {
        return command.isEmpty() ? List.of() : List.of(command.split(" "));
    }

    private static String[] args(String command, String... more) {
        List<String> args = new ArrayList<>(words(command));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static String usageLine(String command) {
        return "Usage: mailauth " + (command.isEmpty() ? "" : command + " ");
    }

    /**
     * The paragraphs of help text as picocli shows them: the command's, formatted as picocli formats them ('%%' is
     * '%'), and each option's and parameter's, which picocli gives formatted, with their default values.
     */
    private static List<String> paragraphs(CommandSpec spec) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : spec.usageMessage().description()) {
            assertThatCode(() -> String.format(paragraph)).as("a '%%' in help text is written '%%%%': %s", paragraph)
                .doesNotThrowAnyException();
            paragraphs.add(String.format(paragraph));
        }
        for (ArgSpec arg : spec.args()) {
            paragraphs.addAll(List.of(arg.description()));
        }
        return paragraphs;
    }

    private static String asRead(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @ParameterizedTest(name = "mailauth {0} --help")
    @MethodSource("commands")
    void helpRendersWithoutPicocliWarnings(String command) {
        PrintStream original = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CommandRun run;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            run = CommandRun.of(args(command, "--help"));
        } finally {
            System.setErr(original);
        }

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith(usageLine(command));
        assertThat(stderr.toString(StandardCharsets.UTF_8) + run.err).doesNotContain("WARN");
    }

    @ParameterizedTest(name = "mailauth {0}")
    @MethodSource("commands")
    void everyParagraphIsAWholeSentence(String command) {
        CommandSpec spec = commandLine(command).getCommandSpec();
        for (ArgSpec arg : spec.args()) {
            assertThat(arg.description()).as("the description of %s", arg.paramLabel()).isNotEmpty();
        }
        for (String paragraph : paragraphs(spec)) {
            assertThat(paragraph.strip()).as("a paragraph of 'mailauth %s --help' ends a sentence", command).endsWith(".");
        }
    }

    @ParameterizedTest(name = "mailauth {0} --help")
    @MethodSource("commands")
    void wrappedLinesReadAsTheTextWasWritten(String command) {
        for (int width : new int[] {80, 100, 120, 160}) {
            CommandLine commandLine = commandLine(command);
            commandLine.setUsageHelpAutoWidth(false);
            commandLine.setUsageHelpWidth(width);
            String help = asRead(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));

            for (String paragraph : paragraphs(commandLine.getCommandSpec())) {
                assertThat(help).as("%d columns", width).contains(asRead(paragraph));
            }
            for (CommandLine subcommand : commandLine.getSubcommands().values()) {
                String summary = String.format(subcommand.getCommandSpec().usageMessage().description()[0]);
                assertThat(help).as("%d columns: the summary of %s", width, subcommand.getCommandName()).contains(asRead(summary));
            }
        }
    }

    @ParameterizedTest(name = "mailauth {0} --dns-timeout=soon")
    @MethodSource("commands")
    void aBadOptionValueShowsTheUsageOfTheCommandGiven(String command) {
        CommandRun run = CommandRun.of(args(command, "--dns-timeout=soon"));

        assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
        assertThat(run.err).startsWith("Invalid value for option '--dns-timeout'").contains(usageLine(command));
    }

    @Test
    void aValueRefusedByASubcommandShowsTheUsageOfThatSubcommand() {
        for (String[] args : List.of(new String[] {"dns", "ptr", "mail.example.com"}, new String[] {"dns", "txt", "bad name..x"},
            new String[] {"report", "preview", "--database-url", "mysql://localhost/reports"},
            new String[] {"spf", "--ip", "300.1.1.1", "--mail-from", "a@example.org"})) {
            CommandRun run = CommandRun.of(args);
            String command = String.join(" ", Arrays.copyOf(args, args[0].equals("spf") ? 1 : 2));

            assertThat(run.exitCode).isEqualTo(MailauthCommand.EXIT_USAGE);
            assertThat(run.err).as(command).contains(usageLine(command)).doesNotContain("WARN");
        }
    }
}
