package org.candour.account;

/** What a staff account may do. Respondents and reporters have no account at all. */
public enum Role {
    ADMIN, TRUSTEE, PUBLISHER, RESEARCHER, STEWARD, HANDLER
}
