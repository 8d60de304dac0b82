package org.placementexplorer.io;

/**
 * A file the user gave cannot be used. The message is one line, "file: problem", fit for stderr
 * and for a dialog; no stack trace is ever shown for it.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String problem;

    public InputException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public InputException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public String problem() {
        return problem;
    }
}
