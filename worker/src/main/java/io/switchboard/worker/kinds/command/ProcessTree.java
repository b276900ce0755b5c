package io.switchboard.worker.kinds.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started agent program and everything it started, killed together.
 *
 * <p>Two mechanisms, because each misses something: {@link ProcessHandle#descendants()} is portable
 * but only sees processes still attached to the tree (a grandchild whose parent already exited was
 * re-parented and is no longer a descendant); so on Linux, where {@code setsid} exists, the program is
 * started through it in a session and process group of its own, and the whole group is killed with
 * {@code kill -9 -- -<pgid>}, which reaches re-parented members too.
 */
final class ProcessTree {

  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);

  private static final String SETSID = find("setsid");
  private static final String KILL = find("kill");

  private final Process process;
  private final boolean grouped;

  private ProcessTree(Process process, boolean grouped) {
    this.process = process;
    this.grouped = grouped;
  }

  /**
   * The command line that starts {@code command} in a process group of its own when this machine
   * can: {@code setsid} replaces itself with the program, so the program keeps the pid Java sees.
   */
  static List<String> wrap(List<String> command) {
    if (!groupsSupported()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 1);
    wrapped.add(SETSID);
    wrapped.addAll(command);
    return wrapped;
  }

  /** The tree of a process started from {@link #wrap}'s command line. */
  static ProcessTree of(Process process) {
    return new ProcessTree(process, groupsSupported());
  }

  static boolean groupsSupported() {
    return SETSID != null && KILL != null;
  }

  Process process() {
    return process;
  }

  /**
   * Kills the program and every process it started: the descendants are collected first (killing the
   * parent first would re-parent them out of reach), then the program, each descendant, and its group.
   */
  void kill() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    killGroup();
  }

  /**
   * After the program exited: kills what it left running in its group (background children that would
   * otherwise keep its output pipes open, or outlive the task).
   */
  void killLeftovers() {
    killGroup();
  }

  private void killGroup() {
    if (!grouped) {
      return;
    }
    try {
      Process kill = new ProcessBuilder(KILL, "-9", "--", "-" + process.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      log.debug("cannot kill process group {}: {}", process.pid(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String find(String program) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return null;
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
