package io.tributary.monitoring.lag;

/** A consumer group's state ({@code Stable}, {@code Empty}, ...) and how many members it has. */
public record GroupMembership(String group, GroupKind kind, String state, int members) {}
