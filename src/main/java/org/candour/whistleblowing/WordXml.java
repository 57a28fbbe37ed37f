package org.candour.whistleblowing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.apache.poi.util.XMLHelper;

/**
 * The edits to one WordprocessingML part (the body, headers, footers, footnotes, endnotes, styles, numbering,
 * settings) that take authorship out of a Word document, streamed (StAX) so that a long document is never held as
 * a tree: tracked changes accepted (insertions kept, deletions dropped, deleted table rows dropped, moves
 * settled, formatting changes kept as they now are), comment anchors dropped, and the attributes that say who
 * edited when ({@code w:author}, {@code w:date}, {@code w:initials}) or in which editing session
 * ({@code w:rsid…}, {@code w14:paraId}, {@code w14:textId}) removed; in settings, the template's path, document
 * variables, the editing-session list, mail-merge sources and document identifiers. A first pass finds the
 * table rows marked deleted and the runs that hold nothing but a comment reference; the second drops them.
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

    /** Change markers dropped outright: formatting changes (the new formatting stays), ranges, cell markers. */
    private static final Set<String> MARKERS = Set.of("rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
            "tblPrExChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel",
            "cellMerge", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
            "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
            "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
            "customXmlMoveToRangeEnd");

    private static final Set<String> COMMENT_ANCHORS = Set.of("commentRangeStart", "commentRangeEnd",
            "commentReference");

    private static final Set<String> SETTINGS_DROPPED = Set.of("attachedTemplate", "docVars", "rsids", "mailMerge");

    private WordXml() {
    }

    /** What the first pass found: table rows and runs to drop, by their order among all rows or runs. */
    private record Plan(Set<Integer> deletedRows, Set<Integer> commentOnlyRuns) {
    }

    /** Counts rows and runs in document order, in both passes alike. */
    private static final class Counter {
        int row = -1;
        int run = -1;

        void count(StartElement start) {
            if (isW(start, "tr")) {
                row++;
            } else if (isW(start, "r")) {
                run++;
            }
        }
    }

    /** The part cleaned; the same array when there was nothing to clean. */
    static byte[] clean(byte[] xml, boolean settings, Findings found) throws IOException {
        try {
            Plan plan = plan(xml);
            return rewrite(xml, plan, settings, found);
        } catch (XMLStreamException e) {
            throw new IOException("a Word part could not be read", e);
        }
    }

    private static Plan plan(byte[] xml) throws XMLStreamException {
        Set<Integer> deletedRows = new HashSet<>();
        Set<Integer> refRuns = new HashSet<>();
        Set<Integer> busyRuns = new HashSet<>();
        Deque<Integer> rows = new ArrayDeque<>();
        Deque<Integer> runs = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        Counter counter = new Counter();
        XMLEventReader in = XMLHelper.newXMLInputFactory().createXMLEventReader(new ByteArrayInputStream(xml));
        while (in.hasNext()) {
            XMLEvent e = in.nextEvent();
            if (e.isStartElement()) {
                StartElement start = e.asStartElement();
                counter.count(start);
                String parent = path.isEmpty() ? "" : path.peek();
                String name = isW(start) ? start.getName().getLocalPart() : "";
                if (name.equals("tr")) {
                    rows.push(counter.row);
                } else if (name.equals("r")) {
                    runs.push(counter.run);
                }
                if (name.equals("del") && parent.equals("trPr") && !rows.isEmpty()) {
                    deletedRows.add(rows.peek());
                }
                if (parent.equals("r") && !runs.isEmpty()) {
                    if (name.equals("commentReference")) {
                        refRuns.add(runs.peek());
                    } else if (!name.equals("rPr")) {
                        busyRuns.add(runs.peek());
                    }
                }
                path.push(name);
            } else if (e.isEndElement()) {
                String name = path.pop();
                if (name.equals("tr")) {
                    rows.pop();
                } else if (name.equals("r")) {
                    runs.pop();
                }
            }
        }
        in.close();
        refRuns.removeAll(busyRuns);
        return new Plan(deletedRows, refRuns);
    }

    private static byte[] rewrite(byte[] xml, Plan plan, boolean settings, Findings found)
            throws XMLStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length);
        XMLEventReader in = XMLHelper.newXMLInputFactory().createXMLEventReader(new ByteArrayInputStream(xml));
        XMLEventWriter writer = XMLHelper.newXMLOutputFactory().createXMLEventWriter(out, "UTF-8");
        XMLEventFactory events = XMLHelper.newXMLEventFactory();
        Deque<String> path = new ArrayDeque<>();
        Deque<Boolean> written = new ArrayDeque<>();
        Counter counter = new Counter();
        int skipping = 0;
        int tracked = 0;
        boolean changed = false;
        while (in.hasNext()) {
            XMLEvent e = in.nextEvent();
            if (e.isStartElement()) {
                StartElement start = e.asStartElement();
                counter.count(start);
                if (skipping > 0) {
                    skipping++;
                    continue;
                }
                String name = start.getName().getLocalPart();
                String parent = path.isEmpty() ? "" : path.peek();
                boolean w = isW(start);
                if (w && name.equals("tr") && plan.deletedRows().contains(counter.row)) {
                    skipping = 1;
                    tracked++;
                    continue;
                }
                if (w && name.equals("r") && plan.commentOnlyRuns().contains(counter.run)) {
                    skipping = 1;
                    changed = true;
                    continue;
                }
                if (w && (name.equals("ins") || name.equals("moveTo"))) {
                    tracked++;
                    if (parent.equals("rPr") || parent.equals("trPr")) {
                        skipping = 1;
                    } else {
                        path.push(name);
                        written.push(false);
                    }
                    continue;
                }
                if (w && (name.equals("del") || name.equals("moveFrom") || MARKERS.contains(name))) {
                    boolean range = name.endsWith("Start") || name.endsWith("End");
                    tracked += range ? 0 : 1;
                    changed = true;
                    skipping = 1;
                    continue;
                }
                if (w && COMMENT_ANCHORS.contains(name)) {
                    skipping = 1;
                    changed = true;
                    continue;
                }
                if (settings && ((w && SETTINGS_DROPPED.contains(name)) || name.equals("docId"))) {
                    found.mention(switch (name) {
                        case "attachedTemplate" -> TEMPLATE;
                        case "docVars" -> VARIABLES;
                        case "mailMerge" -> MAIL_MERGE;
                        case "docId" -> DOCUMENT_ID;
                        default -> SESSIONS;
                    });
                    skipping = 1;
                    changed = true;
                    continue;
                }
                StartElement kept = withoutAuthorship(start, events, found);
                changed |= kept != start;
                writer.add(kept);
                path.push(w ? name : "");
                written.push(true);
            } else if (e.isEndElement()) {
                if (skipping > 0) {
                    skipping--;
                    continue;
                }
                path.pop();
                if (written.pop()) {
                    writer.add(e);
                }
            } else if (skipping == 0) {
                writer.add(e);
            }
        }
        writer.flush();
        writer.close();
        in.close();
        found.add(TRACKED, tracked);
        return changed || tracked > 0 ? out.toByteArray() : xml;
    }

    /** The start tag without who-and-when and editing-session attributes; the same tag when it has none. */
    private static StartElement withoutAuthorship(StartElement start, XMLEventFactory events, Findings found) {
        List<Attribute> kept = new ArrayList<>();
        boolean dropped = false;
        for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
            Attribute a = it.next();
            String ns = a.getName().getNamespaceURI();
            String local = a.getName().getLocalPart();
            boolean session = (W.equals(ns) && local.startsWith("rsid"))
                    || (W14.equals(ns) && (local.equals("paraId") || local.equals("textId")));
            if (session || (W.equals(ns) && (local.equals("author") || local.equals("date")
                    || local.equals("initials")))) {
                dropped = true;
                if (session) {
                    found.mention(SESSIONS);
                }
            } else {
                kept.add(a);
            }
        }
        return dropped ? events.createStartElement(start.getName(), kept.iterator(), start.getNamespaces()) : start;
    }

    private static boolean isW(StartElement start) {
        return W.equals(start.getName().getNamespaceURI());
    }

    private static boolean isW(StartElement start, String localName) {
        return isW(start) && start.getName().getLocalPart().equals(localName);
    }
}
