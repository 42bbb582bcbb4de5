package io.moereplay.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every moe-replay command line in the fenced code blocks of README.md and docs/**&#47;*.md, read
 * as a user copies it: a line ending in {@code \} continues on the next, quotes group words,
 * {@code # ...} is a comment. Found from the pages alone, so a command added to the docs is
 * checked without touching the tests.
 */
final class DocCommands {

    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("[A-Z_][A-Z0-9_]*=\\S*");

    private DocCommands() {}

    /** README.md first, then docs/ in path order. */
    static List<DocCommand> in(Path repo) {
        List<DocCommand> commands = new ArrayList<>();
        for (Path page : pages(repo)) {
            commands.addAll(inPage(repo, page));
        }
        return commands;
    }

    /** The pages users read: README.md, then every docs/**&#47;*.md in path order, relative to the repository root. */
    static List<Path> pages(Path repo) {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.walk(repo.resolve("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(file -> pages.add(repo.relativize(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static List<DocCommand> inPage(Path repo, Path page) {
        try {
            return parse(page.toString().replace('\\', '/'), Files.readAllLines(repo.resolve(page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<DocCommand> parse(String page, List<String> lines) {
        List<DocCommand> commands = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            int start = i;
            StringBuilder logical = new StringBuilder(lines.get(i).strip());
            while (logical.toString().endsWith("\\") && i + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(' ').append(lines.get(++i).strip());
            }
            String text = logical.toString();
            boolean transcript = text.startsWith("$ ");
            List<String> words = words(transcript ? text.substring(2) : text);
            DocCommand command = command(page, start + 1, words, transcript);
            if (command == null) {
                continue;
            }
            if (transcript) {
                List<String> output = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ") && !lines.get(i + 1).strip().startsWith("```")) {
                    output.add(lines.get(++i));
                }
                command = new DocCommand(page, start + 1, command.kind(), command.args(), output);
            }
            commands.add(command);
        }
        return commands;
    }

    /** The command on one logical line, or null when the line is no moe-replay command (output, another tool). */
    private static DocCommand command(String page, int line, List<String> words, boolean transcript) {
        while (!words.isEmpty() && ENV_ASSIGNMENT.matcher(words.get(0)).matches()) {
            words = words.subList(1, words.size());
        }
        if (words.size() < 2) {
            return null;
        }
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (program.equals("./moe-replay") || transcript && program.equals("moe-replay")) {
            return new DocCommand(page, line, DocCommand.Kind.EXAMPLE, args, List.of());
        }
        if (program.equals("moe-replay") && args.get(0).matches("[a-z]+")) {
            return new DocCommand(page, line, DocCommand.Kind.SYNOPSIS, args, List.of());
        }
        for (int jar = 0; jar < words.size() - 1; jar++) {
            if (words.get(jar).endsWith("moe-replay.jar") && words.get(jar + 1).matches("[a-z]+")) {
                return new DocCommand(page, line, DocCommand.Kind.ON_CLUSTER, words.subList(jar + 1, words.size()), List.of());
            }
        }
        return null;
    }

    /** Splits as a POSIX shell does for the forms the docs use: blanks, '...' and "...", a trailing # comment. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
