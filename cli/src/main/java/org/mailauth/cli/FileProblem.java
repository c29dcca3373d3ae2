package org.mailauth.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file named on the command line that cannot be used. Its message is one line that names the file (after the
 * option that gave it) and the problem, in words: the command ends with exit status 2, like any usage error.
 */
final class FileProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param subject the option and the file ({@code --key /etc/k.private}), or the file alone */
    FileProblem(String subject, String problem) {
        super(subject + ": " + problem);
    }

    /** What {@code error} says about {@code file}, said plainly; {@code option} names where the file came from, or is null. */
    static FileProblem of(String option, Path file, IOException error) {
        String subject = subject(option, file);
        if (error instanceof NoSuchFileException) {
            Path missing = Path.of(((NoSuchFileException) error).getFile());
            return new FileProblem(subject, missing.equals(file) ? "no such file" : "no such file or folder: " + missing);
        }
        if (error instanceof AccessDeniedException) {
            return new FileProblem(subject, "permission denied");
        }
        if (error instanceof FileAlreadyExistsException) {
            return new FileProblem(subject, "already exists");
        }
        if (error instanceof NotDirectoryException) {
            return new FileProblem(subject, "not a folder");
        }
        if (error instanceof FileSystemException && ((FileSystemException) error).getReason() != null) {
            return new FileProblem(subject, lowerCaseFirst(((FileSystemException) error).getReason()));
        }
        if (error instanceof CharacterCodingException) {
            return new FileProblem(subject, "not a text file");
        }
        String message = error.getMessage() == null ? "cannot be read" : error.getMessage();
        String prefix = file + ": ";
        return new FileProblem(subject, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    /** {@code file} when it is a file that can be read. */
    static Path readableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new FileProblem(subject(option, file), "a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new FileProblem(subject(option, file), "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new FileProblem(subject(option, file), "permission denied");
        }
        return file;
    }

    /** {@code folder} when it is an existing folder. */
    static Path existingFolder(String option, Path folder) {
        if (!Files.exists(folder)) {
            throw new FileProblem(subject(option, folder), "no such folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new FileProblem(subject(option, folder), "not a folder");
        }
        return folder;
    }

    /** {@code file} when it can be written: not a folder, in a folder that exists. */
    static Path writableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new FileProblem(subject(option, file), "a folder, not a file");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new FileProblem(subject(option, file), "the folder " + folder + " does not exist");
        }
        return file;
    }

    private static String subject(String option, Path file) {
        return option == null ? file.toString() : option + " " + file;
    }

    private static String lowerCaseFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
