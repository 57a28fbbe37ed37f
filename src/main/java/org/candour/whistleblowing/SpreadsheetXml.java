package org.candour.whistleblowing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.apache.poi.ooxml.util.DocumentHelper;
import org.apache.poi.openxml4j.opc.StreamHelper;
import org.apache.poi.util.XMLHelper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The edits to the parts of an Excel workbook that take authorship out of it. Worksheets can be large, so they
 * are streamed (StAX), never held as a tree: personal views (named after people) are dropped, and the link from
 * the page setup to the printer settings (which are removed, as they can name the printer). The drawing that
 * shows comments (VML) loses its comment boxes; the workbook loses the folder it was saved in, who reserved it,
 * its identifiers and personal views.
 */
final class SpreadsheetXml {

    static final String SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac";
    private static final String XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision";
    private static final String MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    private static final String VML_EXCEL = "urn:schemas-microsoft-com:office:excel";

    static final String SAVED_IN = "the folder the workbook was saved in (it can contain a user name)";
    static final String RESERVED_BY = "the name of who reserved the workbook";
    static final String WORKBOOK_ID = "document identifiers";
    static final String PERSONAL_VIEWS = "personal views (named after the people who made them)";

    private SpreadsheetXml() {
    }

    /** Whether a worksheet needs {@link #sheet}: it has personal views or a link to printer settings. */
    static boolean sheetNeedsEditing(byte[] xml, boolean hasPrinterSettings) {
        return hasPrinterSettings || new String(xml, StandardCharsets.ISO_8859_1).contains("customSheetViews");
    }

    /** A worksheet, streamed, without personal views and without the page setup's printer-settings link. */
    static byte[] sheet(byte[] xml, Findings found) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length);
        XMLEventFactory events = XMLHelper.newXMLEventFactory();
        try {
            XMLEventReader in = XMLHelper.newXMLInputFactory().createXMLEventReader(new ByteArrayInputStream(xml));
            XMLEventWriter writer = XMLHelper.newXMLOutputFactory().createXMLEventWriter(out, "UTF-8");
            int skipping = 0;
            while (in.hasNext()) {
                XMLEvent e = in.nextEvent();
                if (skipping > 0) {
                    skipping += e.isStartElement() ? 1 : e.isEndElement() ? -1 : 0;
                    continue;
                }
                if (e.isStartElement()) {
                    StartElement start = e.asStartElement();
                    QName name = start.getName();
                    if (SML.equals(name.getNamespaceURI()) && name.getLocalPart().equals("customSheetViews")) {
                        skipping = 1;
                        found.mention(PERSONAL_VIEWS);
                        continue;
                    }
                    if (SML.equals(name.getNamespaceURI()) && name.getLocalPart().equals("pageSetup")) {
                        List<Attribute> kept = new ArrayList<>();
                        for (Iterator<Attribute> a = start.getAttributes(); a.hasNext(); ) {
                            Attribute attr = a.next();
                            if (!(R.equals(attr.getName().getNamespaceURI()) && attr.getName().getLocalPart().equals("id"))) {
                                kept.add(attr);
                            }
                        }
                        e = events.createStartElement(name, kept.iterator(), start.getNamespaces());
                    }
                }
                writer.add(e);
            }
            writer.flush();
            writer.close();
            in.close();
        } catch (XMLStreamException e) {
            throw new IOException("worksheet could not be read", e);
        }
        return out.toByteArray();
    }

    /**
     * A VML drawing without its comment boxes (shapes whose client data is a Note); other shapes, such as form
     * controls, stay. Excel writes VML that is not quite XML, so it is mended as POI mends it first.
     */
    static byte[] vml(byte[] raw) throws IOException, SAXException {
        String text = new String(raw, StandardCharsets.UTF_8).replace("<br>", "<br/>")
                .replace(" xmlns=\"" + SML + "\"", "");
        Document xml = DocumentHelper.readDocument(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        boolean changed = false;
        for (Element data : elements(xml, VML_EXCEL, "ClientData")) {
            if ("Note".equals(data.getAttribute("ObjectType")) && data.getParentNode() != null
                    && data.getParentNode().getParentNode() != null) {
                remove(data.getParentNode());
                changed = true;
            }
        }
        if (!changed) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        StreamHelper.saveXmlInStream(xml, out);
        return out.toByteArray();
    }

    /** In workbook.xml: the folder it was saved in, who reserved it, its identifiers and personal views. */
    static boolean workbook(Document xml, Findings found) {
        boolean changed = false;
        for (Element path : elements(xml, X15AC, "absPath")) {
            Node holder = path;
            for (Node n = path; n != null; n = n.getParentNode()) {
                if (MC.equals(n.getNamespaceURI()) && "AlternateContent".equals(n.getLocalName())) {
                    holder = n;
                }
            }
            if (holder.getParentNode() != null) {
                remove(holder);
            }
            found.mention(SAVED_IN);
            changed = true;
        }
        for (Element sharing : elements(xml, SML, "fileSharing")) {
            if (sharing.hasAttribute("userName")) {
                sharing.removeAttribute("userName");
                found.mention(RESERVED_BY);
                changed = true;
            }
        }
        for (Element id : elements(xml, XR, "revisionPtr")) {
            remove(id);
            found.mention(WORKBOOK_ID);
            changed = true;
        }
        for (Element views : elements(xml, SML, "customWorkbookViews")) {
            remove(views);
            found.mention(PERSONAL_VIEWS);
            changed = true;
        }
        return changed;
    }

    private static void remove(Node n) {
        n.getParentNode().removeChild(n);
    }

    static List<Element> elements(Document xml, String ns, String localName) {
        NodeList nodes = xml.getElementsByTagNameNS(ns, localName);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }
}
