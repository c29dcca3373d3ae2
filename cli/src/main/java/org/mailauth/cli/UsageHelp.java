package org.mailauth.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help whose lines break at spaces only. Picocli breaks where {@link java.text.BreakIterator} allows, which
 * includes inside words after '.' and before '/': a default of {@code ./mailauth-data} read ". /mailauth-data" and
 * {@code example.test} read "example. test" once wrapped.
 */
final class UsageHelp implements CommandLine.IHelpFactory {

    @Override
    public Help create(CommandSpec spec, ColorScheme colorScheme) {
        return new SpaceWrappingHelp(spec, colorScheme);
    }

    private static final class SpaceWrappingHelp extends Help {

        SpaceWrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
            super(spec, colorScheme);
        }

        /** The option and parameter lists. */
        @Override
        public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
            Layout layout = super.createDefaultLayout(options, positionals, scheme);
            return new Layout(scheme, SpaceWrappingTable.like(layout.textTable(), scheme), layout.optionRenderer(),
                layout.parameterRenderer());
        }

        /** The list of subcommands. */
        @Override
        public TextTable createTextTable(Map<?, ?> map) {
            return SpaceWrappingTable.like(super.createTextTable(map), colorScheme());
        }

        /** The command's description, one paragraph per element, as picocli lays it out. */
        @Override
        public String description(Object... params) {
            String[] paragraphs = commandSpec().usageMessage().description();
            TextTable table = new SpaceWrappingTable(colorScheme(),
                new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP));
            table.indentWrappedLines = 0;
            for (String paragraph : paragraphs) {
                for (Text line : colorScheme().ansi().new Text(formatted(paragraph, params), colorScheme()).splitLines()) {
                    table.addRowValues(line);
                }
            }
            return table.toString();
        }

        private static String formatted(String text, Object... params) {
            try {
                return String.format(text, params);
            } catch (IllegalFormatException e) {
                return text;
            }
        }
    }

    /** A table whose wrapping columns break a value at spaces; a word wider than its column is left to picocli. */
    private static final class SpaceWrappingTable extends TextTable {

        SpaceWrappingTable(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
        }

        static SpaceWrappingTable like(TextTable table, ColorScheme scheme) {
            SpaceWrappingTable copy = new SpaceWrappingTable(scheme, table.columns());
            copy.indentWrappedLines = table.indentWrappedLines;
            copy.setAdjustLineBreaksForWideCJKCharacters(table.isAdjustLineBreaksForWideCJKCharacters());
            return copy;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            List<int[]> lines = lines(value.plainString(), column.width - column.indent,
                column.width - column.indent - indentWrappedLines);
            Cell cell = super.putValue(row, col, value.substring(lines.get(0)[0], lines.get(0)[1]));
            String indent = " ".repeat(indentWrappedLines);
            for (int[] line : lines.subList(1, lines.size())) {
                addEmptyRow();
                cell = super.putValue(rowCount() - 1, col, value.substring(0, 0).concat(indent).concat(value.substring(line[0], line[1])));
            }
            return cell;
        }

        /** [start, end) of each line of {@code text}, broken at spaces (dropped there) to fit the widths. */
        static List<int[]> lines(String text, int firstWidth, int nextWidth) {
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            int end = 0;
            int width = firstWidth;
            int position = 0;
            while (position < text.length()) {
                int wordStart = position;
                while (wordStart < text.length() && text.charAt(wordStart) == ' ') {
                    wordStart++;
                }
                if (wordStart == text.length()) {
                    break;
                }
                int wordEnd = wordStart;
                while (wordEnd < text.length() && text.charAt(wordEnd) != ' ') {
                    wordEnd++;
                }
                if (wordEnd - start > width && end > start) {
                    lines.add(new int[] {start, end});
                    start = wordStart;
                    width = nextWidth;
                }
                end = wordEnd;
                position = wordEnd;
            }
            lines.add(new int[] {start, end});
            return lines;
        }
    }
}
