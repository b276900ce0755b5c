package io.switchboard.coordinator.hook;

import io.switchboard.common.model.TaskKey;
import java.time.Instant;

/**
 * A task about to be spawned, as hooks see it.
 *
 * @param key the task
 * @param parent its parent task, or null for a top-level task
 * @param agent the agent's name
 * @param caller who asked: a token fingerprint, {@code anonymous}, or the parent task's key
 * @param depth 0 for a top-level task, the parent's depth + 1 for a child
 * @param siblings how many children the parent already has (this one not counted); 0 without a parent
 * @param activeOfAgent tasks of the same agent queued or running now (this one not counted)
 * @param at when
 */
public record Spawn(TaskKey key, TaskKey parent, String agent, String caller, int depth, int siblings,
    int activeOfAgent, Instant at) {}
