package org.candour.survey;

/**
 * Fired synchronously, inside the transaction, just before a survey changes status. An observer
 * that throws vetoes the change and rolls it back (the token feature refuses to open a survey
 * whose invitations would sit in a group below k).
 */
public record SurveyTransition(Survey survey, SurveyStatus to) {
}
