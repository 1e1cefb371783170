interface ProductImageProps {
  src: string;
  /** Empty when the product's title is right next to the image. */
  alt: string;
  size: number;
  className?: string;
  eager?: boolean;
}

export function ProductImage({ src, alt, size, className, eager = false }: ProductImageProps) {
  const classes = className ? `product-image ${className}` : 'product-image';
  if (!src) {
    // No picture (a line kept from an older cart, a product without one): the same tinted square, and
    // no `<img src="">`, which browsers answer by fetching the page itself again.
    return (
      <span
        className={`${classes} product-image--none`}
        {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
      />
    );
  }
  return (
    <img
      className={classes}
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
}
