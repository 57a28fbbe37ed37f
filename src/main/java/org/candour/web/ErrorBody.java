package org.candour.web;

import java.util.List;

/** The JSON body of every error response. {@code reference} is set for server errors only. */
public record ErrorBody(int status, String error, List<String> problems, String reference) {
}
