package io.moereplay.jobs.cost;

import io.moereplay.model.perf.Deployment;

/**
 * A candidate as the job ships it to a task: its verdict and, when it passed the pre-filter, its
 * deployment built on the client (so tasks need no catalogs).
 */
public record CandidateTask(CandidateVerdict verdict, Deployment deployment) implements java.io.Serializable {}
