package org.candour.whistleblowing;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.candour.whistleblowing.AttachmentCleaner.Kind;

/**
 * A JPEG or PNG picture re-encoded from its pixels alone with the JDK's ImageIO, so that nothing but the picture
 * survives: EXIF (with any GPS position and thumbnail), XMP, IPTC, comments, text chunks, colour profiles and
 * anything appended after the end are all left behind. What was there is read first ({@link ImageMetadata}) so
 * that the report can say so. A JPEG's EXIF orientation is applied to the pixels, so that the picture still
 * stands the way the reporter saw it. Pixels are bounded ({@link AttachmentCleaner#maxPixels()}) from the header,
 * before anything is decoded. ImageIO's disk cache is turned off: everything stays in memory.
 */
final class ImageCleaner {

    /** JPEG quality of the re-encoded picture: high enough that a second generation loses no visible detail. */
    static final float JPEG_QUALITY = 0.92f;

    private static final Set<Integer> JPEG_READY = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_BYTE_GRAY);

    static {
        ImageIO.setUseCache(false);
    }

    private ImageCleaner() {
    }

    static byte[] clean(byte[] bytes, Kind kind, List<String> removed, List<String> notes) {
        ImageMetadata.Found found = ImageMetadata.scan(bytes, kind);
        removed.addAll(found.kinds());
        BufferedImage image = read(bytes, kind);
        int orientation = found.orientation();
        if (kind == Kind.JPEG && orientation != 1) {
            image = orient(image, orientation);
            notes.add("The picture was turned the way its EXIF orientation said, as viewers show it.");
        } else if (orientation != 1) {
            notes.add("The picture's EXIF orientation was removed without turning it: PNG viewers usually ignore"
                    + " it, so it should look as before.");
        }
        if (kind == Kind.JPEG && !JPEG_READY.contains(image.getType())) {
            image = copy(image, image.getWidth(), image.getHeight(), new AffineTransform(), false);
        }
        notes.add("The picture was saved again from its pixels alone" + (kind == Kind.JPEG
                ? " (JPEG quality " + Math.round(JPEG_QUALITY * 100) + "%)." : "; PNG keeps every pixel."));
        return write(image, kind);
    }

    /** Whether ImageIO's disk cache is off (so no picture ever reaches a temporary file). */
    static boolean inMemoryOnly() {
        return !ImageIO.getUseCache();
    }

    private static BufferedImage read(byte[] bytes, Kind kind) {
        String format = kind == Kind.PNG ? "png" : "jpeg";
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > AttachmentCleaner.maxPixels()) {
                throw AttachmentRefused.tooLarge("This picture is " + reader.getWidth(0) + " × "
                        + reader.getHeight(0) + " pixels; a picture can have at most "
                        + AttachmentCleaner.maxPixels() / 1_000_000 + " million pixels. Make it smaller, then attach"
                        + " it again.");
            }
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof AttachmentRefused r) {
                throw r;
            }
            throw AttachmentRefused.unreadable("This file could not be read as " + kind.label + ". Open it and save"
                    + " or export it again as JPEG or PNG, then attach it again.");
        } finally {
            reader.dispose();
        }
    }

    /**
     * The picture turned as EXIF orientation {@code o} (2 to 8) says: 2 mirrored, 3 turned half a turn, 4 flipped,
     * 5 mirrored across the diagonal, 6 turned a quarter clockwise, 7 mirrored across the other diagonal, 8 turned
     * a quarter anticlockwise.
     */
    static BufferedImage orient(BufferedImage src, int o) {
        int w = src.getWidth();
        int h = src.getHeight();
        AffineTransform t = switch (o) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> new AffineTransform();
        };
        boolean swap = o >= 5;
        return copy(src, swap ? h : w, swap ? w : h, t, true);
    }

    private static BufferedImage copy(BufferedImage src, int w, int h, AffineTransform t, boolean keepType) {
        int type = keepType && JPEG_READY.contains(src.getType()) ? src.getType() : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] write(BufferedImage image, Kind kind) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(kind == Kind.PNG ? "png" : "jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (kind == Kind.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the picture again", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
