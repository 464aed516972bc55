package io.numaagent.plugins.numaallocator;

/** A task chosen for the node at {@code position}, and why (the reason of its decisions). */
record Pin(TaskView view, int position, String reason) {
}
