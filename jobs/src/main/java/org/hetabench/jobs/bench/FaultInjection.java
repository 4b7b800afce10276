package org.hetabench.jobs.bench;

/**
 * Test hook for resume: when the system property {@code heta.test.failOnItem} is set (a substring of a
 * work-item key), processing that item throws, killing its chunk. Never set in production runs.
 */
public final class FaultInjection {
    public static final String PROPERTY = "heta.test.failOnItem";

    private FaultInjection() {}

    static void maybeFail(WorkItem item) {
        String f = System.getProperty(PROPERTY);
        if (f != null && !f.isEmpty() && item.key().contains(f)) {
            throw new InjectedFailure("injected failure on " + item.key());
        }
    }

    /** The injected failure; never caught by the item runner. */
    public static final class InjectedFailure extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String m) {
            super(m);
        }
    }
}
