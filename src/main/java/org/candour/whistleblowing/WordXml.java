package org.candour.whistleblowing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The edits to one WordprocessingML part (the body, headers, footers, footnotes, endnotes, styles, numbering,
 * settings) that take authorship out of a Word document: tracked changes accepted (insertions kept, deletions
 * dropped, moves settled, formatting changes kept as they now are), comment anchors dropped, and the attributes
 * that say who edited when ({@code w:author}, {@code w:date}, {@code w:initials}) or in which editing session
 * ({@code w:rsid…}, {@code w14:paraId}, {@code w14:textId}) removed; in settings, the template's path, document
 * variables, the editing-session list, mail-merge sources and document identifiers.
 */
final class WordXml {

    static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    static final String W14 = "http://schemas.microsoft.com/office/word/2010/wordml";

    static final String TRACKED = "tracked changes, with who made them and when (accepted: the text now reads as"
            + " it would with every change accepted)";
    static final String SESSIONS = "editing-session identifiers (they can link copies of the same document)";
    static final String TEMPLATE = "the path of the template it was made from (it can contain a user name)";
    static final String VARIABLES = "document variables";
    static final String MAIL_MERGE = "mail-merge data source";
    static final String DOCUMENT_ID = "document identifiers";

    /** Change markers removed outright: formatting changes (the new formatting stays), ranges, cell markers. */
    private static final Set<String> MARKERS = Set.of("rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
            "tblPrExChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel",
            "cellMerge", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
            "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
            "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
            "customXmlMoveToRangeEnd");

    private static final Set<String> SETTINGS_DROPPED = Set.of("attachedTemplate", "docVars", "rsids", "mailMerge");

    private WordXml() {
    }

    /** Edits the part in place; returns whether anything changed. */
    static boolean clean(Document xml, boolean settings, Findings found) {
        int tracked = 0;
        boolean changed = false;
        for (Element el : elements(xml)) {
            if (!attached(el)) {
                continue;
            }
            String name = el.getLocalName();
            if (W.equals(el.getNamespaceURI())) {
                String parent = el.getParentNode().getLocalName();
                boolean marker = "rPr".equals(parent) || "trPr".equals(parent);
                if (name.equals("ins") || name.equals("moveTo")) {
                    if (marker) {
                        remove(el);
                    } else {
                        unwrap(el);
                    }
                    tracked++;
                    continue;
                }
                if (name.equals("del") || name.equals("moveFrom")) {
                    remove("trPr".equals(parent) && name.equals("del") ? el.getParentNode().getParentNode() : el);
                    tracked++;
                    continue;
                }
                if (MARKERS.contains(name)) {
                    remove(el);
                    tracked += name.endsWith("Change") || name.startsWith("cell") ? 1 : 0;
                    changed = true;
                    continue;
                }
                if (name.equals("commentRangeStart") || name.equals("commentRangeEnd")
                        || name.equals("commentReference")) {
                    remove(name.equals("commentReference") && onlyThisInRun(el) ? el.getParentNode() : el);
                    changed = true;
                    continue;
                }
                if (settings && SETTINGS_DROPPED.contains(name)) {
                    remove(el);
                    found.mention(switch (name) {
                        case "attachedTemplate" -> TEMPLATE;
                        case "docVars" -> VARIABLES;
                        case "mailMerge" -> MAIL_MERGE;
                        default -> SESSIONS;
                    });
                    changed = true;
                    continue;
                }
            } else if (settings && name.equals("docId")) {
                remove(el);
                found.mention(DOCUMENT_ID);
                changed = true;
                continue;
            }
            changed |= stripAttributes(el, found);
        }
        found.add(TRACKED, tracked);
        return changed || tracked > 0;
    }

    /** Removes who-and-when and editing-session attributes; returns whether any was there. */
    private static boolean stripAttributes(Element el, Findings found) {
        NamedNodeMap attrs = el.getAttributes();
        List<Attr> doomed = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String ns = a.getNamespaceURI();
            String local = a.getLocalName();
            if (W.equals(ns) && (local.equals("author") || local.equals("date") || local.equals("initials"))) {
                doomed.add(a);
            } else if ((W.equals(ns) && local.startsWith("rsid"))
                    || (W14.equals(ns) && (local.equals("paraId") || local.equals("textId")))) {
                doomed.add(a);
                found.mention(SESSIONS);
            }
        }
        doomed.forEach(el::removeAttributeNode);
        return !doomed.isEmpty();
    }

    /** A run holding nothing but its properties and this comment reference. */
    private static boolean onlyThisInRun(Element ref) {
        Node run = ref.getParentNode();
        if (!"r".equals(run.getLocalName())) {
            return false;
        }
        for (Node n = run.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && n != ref && !"rPr".equals(n.getLocalName())) {
                return false;
            }
        }
        return true;
    }

    private static List<Element> elements(Document xml) {
        NodeList nodes = xml.getElementsByTagNameNS("*", "*");
        List<Element> list = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static boolean attached(Node n) {
        for (Node p = n; p != null; p = p.getParentNode()) {
            if (p.getNodeType() == Node.DOCUMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    static void remove(Node n) {
        n.getParentNode().removeChild(n);
    }

    /** Puts an element's children where it was and removes it. */
    private static void unwrap(Element el) {
        Node parent = el.getParentNode();
        while (el.getFirstChild() != null) {
            parent.insertBefore(el.getFirstChild(), el);
        }
        parent.removeChild(el);
    }
}
